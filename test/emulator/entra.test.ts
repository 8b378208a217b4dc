// The local Entra ID's answers and the emulator's ARM checking its access tokens, with plain HTTP
// requests: what a forged, expired, foreign-audience or other-tenant token gets from ARM, and
// Entra ID's error answers for an unknown tenant, an unknown application and a missing secret.

import * as crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTRA_SECRET_APP, EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { signJwt } from "../../emulator/entra/jwt";
import { armUrl, getPath, trustCa } from "./helpers";

let emu: RunningEmulator;
const ACCOUNT = getPath(EXAMPLES_SUBSCRIPTION_ID, "default-azurebatch-japaneast", "sampleacct");

beforeAll(async () => {
  emu = await startEmulator();
  trustCa(emu.caCertPem);
});

afterAll(async () => {
  await emu.stop();
});

function tokenRequest(form: Record<string, string>, tenant = emu.entra.directory.tenantId): Promise<Response> {
  return fetch(`${emu.url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

async function secretToken(scope = `${emu.url}/.default`): Promise<string> {
  const res = await tokenRequest({
    grant_type: "client_credentials",
    client_id: ENTRA_SECRET_APP.clientId,
    client_secret: ENTRA_SECRET_APP.secret,
    scope,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const arm = (token: string) => fetch(armUrl(emu, ACCOUNT), { headers: { authorization: `Bearer ${token}` } });

describe("ARM and the Entra ID's access tokens", () => {
  it("accepts a token of its Entra ID for its own origin, as the application's service principal", async () => {
    const res = await arm(await secretToken());
    expect(res.status).toBe(200);
    expect(emu.stats().requests.at(-1)?.status).toBe(200);
  });

  it("refuses a token for another audience", async () => {
    const res = await arm(await secretToken("https://graph.microsoft.com/.default"));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
  });

  it("refuses a token whose signature does not match (a payload changed after signing)", async () => {
    const [head, body, sig] = (await secretToken()).split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString("utf8"));
    payload.oid = "00000000-0000-0000-0000-0000000000aa";
    const forged = `${head}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${sig}`;
    expect((await arm(forged)).status).toBe(401);
  });

  it("refuses a token signed by another key with the same key id", async () => {
    const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: emu.url, tid: emu.entra.directory.tenantId, oid: "x", appid: "y", exp: now + 600 };
    expect((await arm(signJwt(claims, privateKey, { kid: emu.entra.signingKey.kid }))).status).toBe(401);
  });

  it("answers an expired token with ExpiredAuthenticationToken", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: emu.url, tid: emu.entra.directory.tenantId, oid: "x", appid: "y", exp: now - 60 };
    const res = await arm(signJwt(claims, emu.entra.signingKey.privateKey, { kid: emu.entra.signingKey.kid }));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ExpiredAuthenticationToken");
  });
});

describe("Entra ID's error answers", () => {
  const entraError = async (res: Response) => ({
    status: res.status,
    ...((await res.json()) as { error: string; error_description: string; error_codes: number[] }),
  });

  it("an unknown tenant: invalid_request AADSTS90002", async () => {
    const e = await entraError(
      await tokenRequest({ grant_type: "client_credentials", client_id: "x", scope: "s/.default" }, "00000000-0000-4000-8000-000000000000"),
    );
    expect(e).toMatchObject({ status: 400, error: "invalid_request", error_codes: [90002] });
    expect(e.error_description).toMatch(/^AADSTS90002: /);
  });

  it("an unknown application: unauthorized_client AADSTS700016", async () => {
    const e = await entraError(
      await tokenRequest({
        grant_type: "client_credentials",
        client_id: "11111111-2222-4333-8444-555555555555",
        client_secret: "s",
        scope: `${emu.url}/.default`,
      }),
    );
    expect(e).toMatchObject({ status: 400, error: "unauthorized_client", error_codes: [700016] });
  });

  it("a wrong secret: invalid_client AADSTS7000215; no secret or assertion: AADSTS7000218", async () => {
    const base = { grant_type: "client_credentials", client_id: ENTRA_SECRET_APP.clientId, scope: `${emu.url}/.default` };
    expect(await entraError(await tokenRequest({ ...base, client_secret: "nope" }))).toMatchObject({
      status: 401,
      error: "invalid_client",
      error_codes: [7000215],
    });
    expect(await entraError(await tokenRequest(base))).toMatchObject({ status: 401, error: "invalid_client", error_codes: [7000218] });
  });

  it("a scope without /.default: invalid_scope", async () => {
    const e = await entraError(
      await tokenRequest({
        grant_type: "client_credentials",
        client_id: ENTRA_SECRET_APP.clientId,
        client_secret: ENTRA_SECRET_APP.secret,
        scope: "openid",
      }),
    );
    expect(e).toMatchObject({ status: 400, error: "invalid_scope" });
  });

  it("the request log keeps no secret", async () => {
    expect(JSON.stringify(emu.entra.requests)).not.toContain(ENTRA_SECRET_APP.secret);
    expect(emu.entra.requests.length).toBeGreaterThan(3);
  });
});
