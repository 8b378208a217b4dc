import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { NextLinkGuard, normalizePageUrl } from "../../../provider/operations/next-link";
import { authPolicy } from "../../../provider/pipeline/auth-policy";
import { CredentialWaitCancelled, GuardedCredential } from "../../../provider/settings/credential";
import { requestWithSettings, response } from "./fakes";

const ORIGIN = "https://management.azure.com";
const PAGE = `${ORIGIN}/subscriptions/s/providers/Microsoft.Batch/batchAccounts?api-version=2024-07-01&$skiptoken=abc%3D`;

describe("nextLink guard", () => {
  it.each([
    ["a fragment", `${PAGE}#page2`],
    ["another path case", PAGE.replace("/providers/Microsoft.Batch/batchAccounts", "/PROVIDERS/microsoft.batch/BATCHACCOUNTS")],
    [
      "another parameter order",
      `${ORIGIN}/subscriptions/s/providers/Microsoft.Batch/batchAccounts?$skiptoken=abc%3D&api-version=2024-07-01`,
    ],
    ["another percent-encoding", PAGE.replace("abc%3D", "abc=").replace("Microsoft.Batch", "Microsoft%2EBatch")],
    ["a parameter name in another case", PAGE.replace("$skiptoken", "$skipToken")],
    ["a trailing slash", PAGE.replace("batchAccounts?", "batchAccounts/?")],
  ])("recognises the same page written with %s", (_label, again) => {
    const guard = new NextLinkGuard(ORIGIN, "the list");
    guard.visit(PAGE);
    const url = guard.check(again);
    expect(() => guard.visit(url)).toThrow(/repeats a page already read/);
    expect(normalizePageUrl(new URL(again))).toBe(normalizePageUrl(new URL(PAGE)));
  });

  it("tells different pages apart", () => {
    const guard = new NextLinkGuard(ORIGIN, "the list");
    guard.visit(PAGE);
    expect(() => guard.visit(PAGE.replace("abc", "abd"))).not.toThrow();
  });

  it("keeps a bounded set: fails past maxPages, whatever the links' length", () => {
    const guard = new NextLinkGuard(ORIGIN, "the list", 3);
    const long = "x".repeat(100_000);
    for (let i = 0; i < 3; i++) guard.visit(`${PAGE}&n=${i}${long}`);
    expect(() => guard.visit(`${PAGE}&n=4`)).toThrow(/did not end after 3 pages/);
  });

  it.each([
    ["another host", "https://evil.example.com/x", /points to https:\/\/evil\.example\.com/],
    ["another port", "https://management.azure.com:8443/x", /points to https:\/\/management\.azure\.com:8443/],
    ["plain http", "http://management.azure.com/x", /points to http:\/\/management\.azure\.com/],
    ["relative", "/subscriptions/s", /is not an absolute URL/],
    ["not a string", 42, /is not a string/],
  ])("refuses %s", (_label, link, message) => {
    const guard = new NextLinkGuard(ORIGIN, "the list");
    let err: unknown;
    try {
      guard.check(link);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BatchLookupError);
    expect((err as BatchLookupError).code).toBe("UnsafeNextLink");
    expect((err as Error).message).toMatch(message);
  });
});

describe("credential guard", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a credential returning undefined, null or an object without a token is a CredentialUnavailable BatchLookupError", async () => {
    for (const value of [undefined, null, {}, { token: "" }, { token: 42 }]) {
      const guard = new GuardedCredential({ getToken: async () => value as unknown as AccessToken }, 1000);
      const err = await guard.getToken("s/.default", {}).catch((e: unknown) => e);
      expect(err, JSON.stringify(value)).toBeInstanceOf(BatchLookupError);
      expect((err as BatchLookupError).code).toBe("CredentialUnavailable");
      expect((err as Error).message).toMatch(/returned no access token for s\/\.default/);
    }
  });

  it("a credential that throws synchronously is a CredentialUnavailable BatchLookupError", async () => {
    const guard = new GuardedCredential(
      {
        getToken: () => {
          throw new Error("boom");
        },
      },
      1000,
    );
    await expect(guard.getToken("s", {})).rejects.toMatchObject({
      code: "CredentialUnavailable",
      message: expect.stringMatching(/boom\. Sign in with `az login`/),
    });
  });

  it("a wait its signal cancels ends at once, with CredentialWaitCancelled", async () => {
    const guard = new GuardedCredential({ getToken: () => new Promise<AccessToken>(() => {}) }, 60_000);
    const controller = new AbortController();
    const pending = guard.getToken("s", { abortSignal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await pending).toBeInstanceOf(CredentialWaitCancelled);
  });

  it("a signal that has already aborted does not reach the credential", async () => {
    let calls = 0;
    const guard = new GuardedCredential(
      { getToken: async () => (calls++, { token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) },
      1000,
    );
    const err = await guard.getToken("s", { abortSignal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialWaitCancelled);
    expect(calls).toBe(0);
  });

  it("passes the signal on to the credential", async () => {
    let given: GetTokenOptions | undefined;
    const guard = new GuardedCredential(
      { getToken: async (_s, o) => ((given = o), { token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) },
      1000,
    );
    const controller = new AbortController();
    await guard.getToken("s", { abortSignal: controller.signal });
    expect(given?.abortSignal).toBe(controller.signal);
  });
});

describe("auth policy", () => {
  const HOUR = 3_600_000;

  function countingCredential(): TokenCredential & { calls: number } {
    const c = {
      calls: 0,
      async getToken(): Promise<AccessToken> {
        c.calls++;
        return { token: `token-${c.calls}`, expiresOnTimestamp: Date.now() + HOUR };
      },
    };
    return c;
  }

  it("caches the token, and renews it once when ARM's challenge says it is invalid", async () => {
    const cred = countingCredential();
    const policy = authPolicy({
      credential: new GuardedCredential(cred, 1000),
      scope: "https://management.azure.com/.default",
      loopbackHttp: false,
    });
    const sent: string[] = [];
    const first = requestWithSettings();
    await policy.sendRequest(first.request, async (req) => (sent.push(req.headers.get("authorization")!), response(req, 200, {}, "{}")));
    const second = requestWithSettings();
    let n = 0;
    const res = await policy.sendRequest(second.request, async (req) => {
      sent.push(req.headers.get("authorization")!);
      return n++ === 0
        ? response(
            req,
            401,
            {
              "www-authenticate":
                'Bearer authorization_uri="https://login.microsoftonline.com/t", error="invalid_token", error_description="The access token has expired"',
            },
            JSON.stringify({ error: { code: "ExpiredAuthenticationToken", message: "expired" } }),
          )
        : response(req, 200, {}, "{}");
    });
    expect(res.status).toBe(200);
    expect(sent).toEqual(["Bearer token-1", "Bearer token-1", "Bearer token-2"]);
    // The renewed token is the one cached from now on.
    const third = requestWithSettings();
    await policy.sendRequest(third.request, async (req) => (sent.push(req.headers.get("authorization")!), response(req, 200, {}, "{}")));
    expect(sent.at(-1)).toBe("Bearer token-2");
    expect(cred.calls).toBe(2);
  });

  it("a 401 without a challenge is returned as it is (no token requested again)", async () => {
    const cred = countingCredential();
    const policy = authPolicy({ credential: new GuardedCredential(cred, 1000), scope: "s", loopbackHttp: false });
    const { request } = requestWithSettings();
    const res = await policy.sendRequest(request, async (req) =>
      response(req, 401, {}, JSON.stringify({ error: { code: "AuthenticationFailed", message: "no" } })),
    );
    expect(res.status).toBe(401);
    expect(cred.calls).toBe(1);
  });

  it("accepts plain http only when told the endpoint is loopback, and sends the http URL", async () => {
    const url = "http://127.0.0.1:8080/x";
    const refused = authPolicy({ credential: new GuardedCredential(countingCredential(), 1000), scope: "s", loopbackHttp: false });
    await expect(refused.sendRequest(requestWithSettings(url).request, async (req) => response(req, 200))).rejects.toThrow(/non-TLS/);
    const allowed = authPolicy({ credential: new GuardedCredential(countingCredential(), 1000), scope: "s", loopbackHttp: true });
    const { request } = requestWithSettings(url);
    let sentTo = "";
    await allowed.sendRequest(request, async (req) => ((sentTo = req.url), response(req, 200)));
    expect(sentTo).toBe(url);
    expect(request.url).toBe(url);
  });

  it("a request whose shared token wait was cancelled by another request's deadline asks again", async () => {
    let calls = 0;
    let firstResolve: ((t: AccessToken) => void) | undefined;
    const cred: TokenCredential = {
      getToken: () => {
        calls++;
        if (calls === 1) return new Promise<AccessToken>((r) => (firstResolve = r));
        return Promise.resolve({ token: "fresh", expiresOnTimestamp: Date.now() + HOUR });
      },
    };
    const policy = authPolicy({ credential: new GuardedCredential(cred, 60_000), scope: "s", loopbackHttp: false });
    const a = requestWithSettings();
    const aborter = new AbortController();
    a.request.abortSignal = aborter.signal;
    const b = requestWithSettings();
    const pa = policy.sendRequest(a.request, async (req) => response(req, 200)).catch((e: unknown) => e);
    const pb = policy.sendRequest(b.request, async (req) => response(req, 200, { "x-token": req.headers.get("authorization")! }));
    aborter.abort();
    expect(await pa).toBeInstanceOf(CredentialWaitCancelled);
    expect((await pb).headers.get("x-token")).toBe("Bearer fresh");
    expect(calls).toBe(2);
    firstResolve?.({ token: "late", expiresOnTimestamp: Date.now() + HOUR });
  });
});
