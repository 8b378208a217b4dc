/**
 * ARM's error answers: status, code, message and headers, and the ARM headers on every response.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONTOSO_SUBSCRIPTION_ID,
  EMULATOR_EXPIRED_TOKEN,
  EMULATOR_LIMITED_PRINCIPAL_ID,
  EMULATOR_LIMITED_TOKEN,
  EMULATOR_NO_ACCESS_PRINCIPAL_ID,
  EMULATOR_NO_ACCESS_TOKEN,
  EMULATOR_PRINCIPAL_ID,
  EMULATOR_TENANT_ID,
  EXAMPLES_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { AUTH, armGet, armUrl, GUID, getPath, listByRgPath, listPath, trustCa } from "./helpers";

const SUB = CONTOSO_SUBSCRIPTION_ID;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    tokens: [
      { token: "plenty" },
      { token: EMULATOR_EXPIRED_TOKEN, expired: true },
      { token: "expired-at", expiresOn: "2026-01-02T03:04:05Z" },
      { token: EMULATOR_NO_ACCESS_TOKEN, principalId: EMULATOR_NO_ACCESS_PRINCIPAL_ID, subscriptions: [] },
      { token: EMULATOR_LIMITED_TOKEN, principalId: EMULATOR_LIMITED_PRINCIPAL_ID, subscriptions: [EXAMPLES_SUBSCRIPTION_ID] },
    ],
  });
  trustCa(emu.caCertPem);
});
afterAll(() => emu?.stop());

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const PLENTY = bearer("plenty");

async function expectError(res: Response, status: number, code: string, message: string | RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  const body = (await res.json()) as any;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  if (typeof message === "string") expect(body.error.message).toBe(message);
  else expect(body.error.message).toMatch(message);
  return body;
}

function challenge(description: string): string {
  return `Bearer authorization_uri="https://login.microsoftonline.com/${EMULATOR_TENANT_ID}", error="invalid_token", error_description="${description}"`;
}

describe("ARM errors", () => {
  it("missing api-version → 400 MissingApiVersionParameter", async () => {
    const res = await armGet(`${emu.url}${listPath(SUB)}`, PLENTY);
    await expectError(
      res,
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  });

  it("unsupported api-version → 400 NoRegisteredProviderFound listing the supported versions", async () => {
    const res = await armGet(armUrl(emu, getPath(SUB, "RG-Batch-HPC-EastUS", "contosohpcbyos"), "api-version=2023-11-01"), PLENTY);
    await expectError(
      res,
      400,
      "NoRegisteredProviderFound",
      /^No registered resource provider found for location 'eastus' and API version '2023-11-01' for type 'batchAccounts'\. The supported api-versions are '2024-07-01'\. The supported locations are '[a-z0-9, ]+'\.$/,
    );
    const bad = await armGet(armUrl(emu, listPath(SUB), "api-version=yesterday"), PLENTY);
    await expectError(
      bad,
      400,
      "InvalidApiVersionParameter",
      "The api-version 'yesterday' is invalid. The supported versions are '2024-07-01'.",
    );
  });

  it("malformed subscription id → 400 InvalidSubscriptionId", async () => {
    const res = await armGet(armUrl(emu, listPath("subid")), PLENTY);
    await expectError(res, 400, "InvalidSubscriptionId", "The provided subscription identifier 'subid' is malformed or invalid.");
  });

  it("unknown subscription → 404 SubscriptionNotFound", async () => {
    const sub = "00000000-1111-2222-3333-444444444444";
    const res = await armGet(armUrl(emu, getPath(sub, "rg", "acct")), PLENTY);
    await expectError(res, 404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`);
  });

  it("unknown resource group → 404 ResourceGroupNotFound (get and list)", async () => {
    for (const path of [getPath(SUB, "rg-missing", "acct"), listByRgPath(SUB, "rg-missing")]) {
      const res = await armGet(armUrl(emu, path), PLENTY);
      await expectError(res, 404, "ResourceGroupNotFound", "Resource group 'rg-missing' could not be found.");
    }
    // An empty but declared group lists nothing.
    const empty = await armGet(armUrl(emu, listByRgPath(SUB, "RG-EMPTY")), PLENTY);
    expect(empty.status).toBe(200);
    expect((await empty.json()) as any).toEqual({ value: [] });
  });

  it("unknown account → 404 ResourceNotFound with ARM's message", async () => {
    const res = await armGet(armUrl(emu, getPath(SUB, "rg-batch-prod-westeurope", "NoSuchAcct")), PLENTY);
    await expectError(
      res,
      404,
      "ResourceNotFound",
      "The Resource 'Microsoft.Batch/batchAccounts/NoSuchAcct' under resource group 'rg-batch-prod-westeurope' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
  });

  it("no bearer token → 401 AuthenticationFailed with WWW-Authenticate", async () => {
    const res = await armGet(armUrl(emu, listPath(SUB)), {});
    await expectError(res, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    expect(res.headers.get("www-authenticate")).toBe(challenge("The authentication failed because of missing 'Authorization' header."));
    const basic = await armGet(armUrl(emu, listPath(SUB)), { authorization: "Basic dXNlcjpwYXNz" });
    await expectError(
      basic,
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
    expect(basic.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\//);
  });

  it("unknown token → 401 InvalidAuthenticationToken with WWW-Authenticate", async () => {
    const res = await armGet(armUrl(emu, listPath(SUB)), bearer("not-a-token"));
    await expectError(res, 401, "InvalidAuthenticationToken", "The access token is invalid.");
    expect(res.headers.get("www-authenticate")).toBe(challenge("The access token is invalid."));
  });

  it("expired token → 401 ExpiredAuthenticationToken with WWW-Authenticate", async () => {
    const res = await armGet(armUrl(emu, listPath(SUB)), bearer(EMULATOR_EXPIRED_TOKEN));
    const body = await expectError(
      res,
      401,
      "ExpiredAuthenticationToken",
      /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
    );
    expect(res.headers.get("www-authenticate")).toBe(challenge(body.error.message));
    const at = await armGet(armUrl(emu, listPath(SUB)), bearer("expired-at"));
    await expectError(at, 401, "ExpiredAuthenticationToken", /^The access token expiry UTC time '1\/2\/2026 3:04:05 AM' is earlier than/);
  });

  it("principal without access → 403 AuthorizationFailed naming the action and scope", async () => {
    const cases: Array<[string, string]> = [
      [
        getPath(SUB, "rg-batch-prod-westeurope", "contosoprodweu"),
        `/subscriptions/${SUB}/resourceGroups/rg-batch-prod-westeurope/providers/Microsoft.Batch/batchAccounts/contosoprodweu`,
      ],
      [listPath(SUB), `/subscriptions/${SUB}`],
      [listByRgPath(SUB, "rg-missing"), `/subscriptions/${SUB}/resourceGroups/rg-missing`],
    ];
    for (const [path, scope] of cases) {
      const res = await armGet(armUrl(emu, path), bearer(EMULATOR_NO_ACCESS_TOKEN));
      await expectError(
        res,
        403,
        "AuthorizationFailed",
        `The client '${EMULATOR_NO_ACCESS_PRINCIPAL_ID}' with object id '${EMULATOR_NO_ACCESS_PRINCIPAL_ID}' does not have authorization to perform action 'Microsoft.Batch/batchAccounts/read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    // The limited token reads the examples subscription but not Contoso.
    expect((await armGet(armUrl(emu, listPath(EXAMPLES_SUBSCRIPTION_ID)), bearer(EMULATOR_LIMITED_TOKEN))).status).toBe(200);
    expect((await armGet(armUrl(emu, listPath(SUB)), bearer(EMULATOR_LIMITED_TOKEN))).status).toBe(403);
  });

  it("enforced read quota → 429 SubscriptionRequestsThrottled with Retry-After, quota header counting down", async () => {
    const limited = await startEmulator({
      https: false,
      rateLimit: { reads: 3, windowMs: 60_000, enforce: true },
      tokens: [{ token: "tight", principalId: "11111111-2222-3333-4444-555555555555" }],
    });
    try {
      await throttles(limited);
    } finally {
      await limited.stop();
    }
  });

  async function throttles(emu: RunningEmulator) {
    const sub = EXAMPLES_SUBSCRIPTION_ID;
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await armGet(armUrl(emu, listPath(sub)), bearer("tight"));
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-ms-ratelimit-remaining-subscription-reads")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const res = await armGet(armUrl(emu, listPath(sub)), bearer("tight"));
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expectError(
      res,
      429,
      "SubscriptionRequestsThrottled",
      `Number of 'read' requests for subscription '${sub}' actor '11111111-2222-3333-4444-555555555555' exceeded. Please try again after '${retryAfter}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
    );
  }

  it("unknown paths and write methods answer ARM-style errors", async () => {
    await expectError(await armGet(`${emu.url}/nope`, PLENTY), 404, "NotFound", /nope/);
    await expectError(
      await armGet(armUrl(emu, `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`), PLENTY),
      404,
      "InvalidResourceType",
      /Microsoft.Batch\/batchAccounts/,
    );
    const put = await fetch(armUrl(emu, getPath(SUB, "rg-empty", "newacct")), { method: "PUT", headers: PLENTY, body: "{}" });
    await expectError(put, 405, "MethodNotAllowed", /read-only/);
  });
});

describe("ARM headers on every response", () => {
  it("x-ms-request-id, x-ms-correlation-request-id (echoed), quota header and content type", async () => {
    const urls = [
      armUrl(emu, listPath(CONTOSO_SUBSCRIPTION_ID)),
      armUrl(emu, getPath(CONTOSO_SUBSCRIPTION_ID, "rg-empty", "nothing")),
      `${emu.url}${listPath(CONTOSO_SUBSCRIPTION_ID)}`,
      armUrl(emu, listPath("bad")),
    ];
    const seen = new Set<string>();
    for (const [i, url] of urls.entries()) {
      for (const correlation of [undefined, `c0ffee00-0000-4000-8000-00000000000${i}`]) {
        const headers: Record<string, string> = { ...PLENTY };
        if (correlation) headers["x-ms-correlation-request-id"] = correlation;
        const res = await armGet(url, headers);
        const requestId = res.headers.get("x-ms-request-id")!;
        expect(requestId).toMatch(GUID);
        expect(seen.has(requestId)).toBe(false);
        seen.add(requestId);
        const corr = res.headers.get("x-ms-correlation-request-id")!;
        if (correlation) expect(corr).toBe(correlation);
        else expect(corr).toMatch(GUID);
        expect(res.headers.get("x-ms-ratelimit-remaining-subscription-reads")).toMatch(/^\d+$/);
        expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
        await res.arrayBuffer();
      }
    }
  });

  it("the emulator principal id is the default in messages", () => {
    expect(EMULATOR_PRINCIPAL_ID).toMatch(GUID);
    expect(AUTH.authorization).toMatch(/^Bearer /);
  });
});
