/**
 * Each fault kind, as a raw client (fetch and node's http/https) sees it; targeting (route, path,
 * next N, skip, probability with a seed); arming through the TypeScript API and the admin endpoint.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EMULATOR_TENANT_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { nextRequest } from "../support/server-events";
import { AUTH, armGet, armUrl, getPath, listByRgPath, listPath, rawGet, trustCa } from "./helpers";

const SUB = CONTOSO_SUBSCRIPTION_ID;
const RG = "rg-batch-prod-westeurope";

describe.each([
  { name: "https", https: true },
  { name: "http", https: false },
])("faults over $name", ({ https }) => {
  let emu: RunningEmulator;
  let LIST: string;
  let GET: string;

  beforeAll(async () => {
    emu = await startEmulator({ https });
    trustCa(emu.caCertPem);
    LIST = armUrl(emu, listPath(SUB));
    GET = armUrl(emu, getPath(SUB, RG, "contosoprodweu"));
  });
  afterAll(() => emu?.stop());
  beforeEach(() => emu.reset());

  const raw = (url: string) => rawGet(url, AUTH, emu.caCertPem);

  it("429 with Retry-After in seconds", async () => {
    emu.faults.add({ kind: "throttle", retryAfterSeconds: 7, times: 1 });
    const res = await armGet(LIST);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(((await res.json()) as any).error.code).toBe("SubscriptionRequestsThrottled");
    expect((await armGet(LIST)).status).toBe(200);
  });

  it("429 with Retry-After as an HTTP date", async () => {
    emu.faults.add({ kind: "throttle", retryAfter: "http-date", retryAfterSeconds: 30, times: 1 });
    const res = await armGet(LIST);
    expect(res.status).toBe(429);
    const value = res.headers.get("retry-after")!;
    expect(value).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const delta = Date.parse(value) - Date.now();
    expect(delta).toBeGreaterThan(25_000);
    expect(delta).toBeLessThanOrEqual(31_000);
  });

  it("429 without Retry-After", async () => {
    emu.faults.add({ kind: "throttle", retryAfter: "none", times: 1 });
    const res = await armGet(LIST);
    expect(res.status).toBe(429);
    expect(res.headers.has("retry-after")).toBe(false);
    expect(((await res.json()) as any).error.code).toBe("SubscriptionRequestsThrottled");
  });

  it.each([
    [408, "RequestTimeout"],
    [500, "InternalServerError"],
    [502, "BadGateway"],
    [503, "ServiceUnavailable"],
    [504, "GatewayTimeout"],
  ])("status %i with an ARM error body", async (status, code) => {
    emu.faults.add({ kind: "status", status, times: 1 });
    const res = await armGet(LIST);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("x-ms-request-id")).toBeTruthy();
    const body = (await res.json()) as any;
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe("string");
  });

  it("custom code and message", async () => {
    emu.faults.add({ kind: "status", status: 500, code: "Boom", message: "it broke", times: 1 });
    expect((await (await armGet(LIST)).json()) as any).toEqual({ error: { code: "Boom", message: "it broke" } });
  });

  it("connection reset before any response byte", async () => {
    emu.faults.add({ kind: "reset", times: 1 });
    await expect(armGet(LIST)).rejects.toThrow(TypeError);
    emu.faults.add({ kind: "reset", times: 1 });
    const r = await raw(LIST);
    expect(r.status).toBeUndefined();
    expect(r.error?.code).toBe("ECONNRESET");
    const record = emu.stats().requests.at(-1)!;
    expect(record.fault).toBe("reset");
    expect(record.status).toBeUndefined();
    // The reset requests are over: none is counted in flight, each has its duration.
    await vi.waitFor(() => expect(emu.stats().inFlight).toBe(0));
    expect(emu.stats().requests.every((r) => r.durationMs !== undefined)).toBe(true);
  });

  it("reset mid-body: headers and part of the body, then the connection dies", async () => {
    emu.faults.add({ kind: "reset-mid-body", bytes: 100, times: 2 });
    const res = await armGet(LIST);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const r = await raw(LIST);
    expect(r.status).toBe(200);
    expect(Number(r.headers!["content-length"])).toBeGreaterThan(100);
    expect(r.body.length).toBe(100);
    expect(r.error).toBeDefined();
    await vi.waitFor(() => expect(emu.stats().inFlight).toBe(0));
  });

  describe("delays, on the emulator's (fake) clock", () => {
    // Only the emulator's own timers are faked (setTimeout); sockets and TLS run on Node's internal timers.
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it("slow headers: nothing until the delay, then a normal answer", async () => {
      emu.faults.add({ kind: "slow-headers", delayMs: 150, times: 1 });
      let headers = false;
      const arrived = nextRequest();
      const pending = rawGet(GET, AUTH, emu.caCertPem, () => (headers = true));
      // The request is in; the emulator's delay is armed.
      await arrived;
      await vi.advanceTimersByTimeAsync(149);
      expect(headers).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const r = await pending;
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body.toString()).name).toBe("contosoprodweu");
    });

    it("slow body: headers at once, the body trickles in over the delay", async () => {
      emu.faults.add({ kind: "slow-body", delayMs: 200, chunks: 4, times: 1 });
      let sawHeaders!: () => void;
      const headers = new Promise<void>((resolve) => (sawHeaders = resolve));
      let ended = false;
      const pending = rawGet(GET, AUTH, emu.caCertPem, sawHeaders).finally(() => (ended = true));
      // The headers come while the clock stands still; the body waits for it.
      await headers;
      expect(ended).toBe(false);
      await vi.advanceTimersByTimeAsync(200);
      const r = await pending;
      expect(r.status).toBe(200);
      expect(r.error).toBeUndefined();
      expect(JSON.parse(r.body.toString()).name).toBe("contosoprodweu");
    });
  });

  it("truncated body: Content-Length promises more than is sent, then close", async () => {
    emu.faults.add({ kind: "truncated-body", bytes: 50, times: 2 });
    const r = await raw(LIST);
    expect(r.status).toBe(200);
    const promised = Number(r.headers!["content-length"]);
    expect(promised).toBeGreaterThan(50);
    expect(r.body.length).toBe(50);
    expect(r.aborted || r.error !== undefined).toBe(true);
    const res = await armGet(LIST);
    await expect(res.text()).rejects.toThrow();
  });

  it("malformed JSON with 200", async () => {
    emu.faults.add({ kind: "malformed-json", times: 1 });
    const res = await armGet(LIST);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it("HTML error page from a gateway (502 default, 503)", async () => {
    emu.faults.add({ kind: "html", times: 1 });
    emu.faults.add({ kind: "html", status: 503, times: 1, skip: 1 });
    const a = await armGet(LIST);
    expect(a.status).toBe(502);
    expect(a.headers.get("content-type")).toBe("text/html");
    expect(await a.text()).toMatch(/<title>502 Bad Gateway<\/title>/);
    const b = await armGet(LIST);
    expect(b.status).toBe(503);
    expect(await b.text()).toMatch(/<html>/);
  });

  it("empty body with 200", async () => {
    emu.faults.add({ kind: "empty-body", times: 1 });
    const r = await raw(LIST);
    expect(r.status).toBe(200);
    expect(r.headers!["content-length"]).toBe("0");
    expect(r.body.length).toBe(0);
  });

  it("401 expired token and 403 whatever the token", async () => {
    emu.faults.add({ kind: "expired-token", times: 1 });
    const a = await armGet(LIST);
    expect(a.status).toBe(401);
    expect(a.headers.get("www-authenticate")).toContain(`authorization_uri="https://login.microsoftonline.com/${EMULATOR_TENANT_ID}"`);
    expect(((await a.json()) as any).error.code).toBe("ExpiredAuthenticationToken");
    emu.faults.add({ kind: "forbidden", times: 1 });
    const b = await armGet(GET);
    expect(b.status).toBe(403);
    const body = (await b.json()) as any;
    expect(body.error.code).toBe("AuthorizationFailed");
    expect(body.error.message).toContain(
      `over scope '/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Batch/batchAccounts/contosoprodweu'`,
    );
  });
});

describe("fault targeting and control", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ https: false });
  });
  afterAll(() => emu?.stop());
  beforeEach(() => emu.reset());

  const status = async (url: string) => (await armGet(url)).status;

  it("route: only the chosen operation is hit; next N then inert", async () => {
    const id = emu.faults.add({ kind: "status", status: 503, route: "get", times: 2 });
    expect(await status(armUrl(emu, listPath(SUB)))).toBe(200);
    expect(await status(armUrl(emu, listByRgPath(SUB, RG)))).toBe(200);
    expect(await status(armUrl(emu, getPath(SUB, RG, "contosoprodweu")))).toBe(503);
    expect(await status(armUrl(emu, getPath(SUB, RG, "contosoprodweu")))).toBe(503);
    expect(await status(armUrl(emu, getPath(SUB, RG, "contosoprodweu")))).toBe(200);
    expect(emu.faults.list()).toEqual([expect.objectContaining({ id, matched: 3, applied: 2, active: false })]);
  });

  it("path regex and skip: e.g. only the second page of a list", async () => {
    emu.setPaging({ pageSize: 2 });
    emu.faults.add({ kind: "status", status: 500, path: "\\$skiptoken=", times: 1, skip: 1 });
    const first = (await (await armGet(armUrl(emu, listPath(SUB)))).json()) as any;
    const second = (await (await armGet(first.nextLink)).json()) as any;
    expect(second.value).toHaveLength(2);
    const third = await armGet(second.nextLink);
    expect(third.status).toBe(500);
  });

  it("global fault without times applies until removed", async () => {
    const id = emu.faults.add({ kind: "status", status: 502 });
    for (let i = 0; i < 3; i++) expect(await status(armUrl(emu, listPath(SUB)))).toBe(502);
    expect(await status(`${emu.url}/anything`)).toBe(502);
    emu.faults.remove(id);
    expect(await status(armUrl(emu, listPath(SUB)))).toBe(200);
  });

  it("probability: a seeded fraction of requests, repeatable", async () => {
    const run = async () => {
      emu.reset();
      emu.faults.seed(42);
      emu.faults.add({ kind: "status", status: 503, probability: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push(await status(armUrl(emu, listPath(SUB))));
      return statuses;
    };
    const a = await run();
    const failures = a.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(40);
    expect(failures).toBeLessThan(80);
    expect(await run()).toEqual(a);
    expect(emu.stats().faulted).toBe(failures);
  });

  it("rejects invalid fault specs with a clear message", () => {
    expect(() => emu.faults.add({ kind: "explode" as never })).toThrow(/unknown fault kind "explode"/);
    expect(() => emu.faults.add({ kind: "status", probability: 2 })).toThrow(/probability/);
    expect(() => emu.faults.add({ kind: "status", path: "(" })).toThrow(/regular expression/);
  });

  it("admin endpoint: arm, list, remove, clear, seed", async () => {
    const post = await fetch(`${emu.adminUrl}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { kind: "throttle", retryAfterSeconds: 3, route: "list", times: 1 },
        { kind: "status", status: 504, route: "get" },
      ]),
    });
    expect(post.status).toBe(201);
    const { ids } = (await post.json()) as any;
    expect(ids).toHaveLength(2);
    const listed = (await (await fetch(`${emu.adminUrl}/faults`)).json()) as any;
    expect(listed.value.map((f: any) => f.spec.kind)).toEqual(["throttle", "status"]);
    const res = await armGet(armUrl(emu, listPath(SUB)));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await status(armUrl(emu, getPath(SUB, RG, "contosoprodweu")))).toBe(504);
    expect((await fetch(`${emu.adminUrl}/faults/${ids[1]}`, { method: "DELETE" })).status).toBe(200);
    expect(await status(armUrl(emu, getPath(SUB, RG, "contosoprodweu")))).toBe(200);
    await fetch(`${emu.adminUrl}/faults`, { method: "POST", body: JSON.stringify({ kind: "reset" }) });
    expect((await fetch(`${emu.adminUrl}/faults`, { method: "DELETE" })).status).toBe(200);
    expect(await status(armUrl(emu, listPath(SUB)))).toBe(200);
    expect((await fetch(`${emu.adminUrl}/faults/seed`, { method: "PUT", body: JSON.stringify({ seed: 7 }) })).status).toBe(200);
    const bad = await fetch(`${emu.adminUrl}/faults`, { method: "POST", body: JSON.stringify({ kind: "nope" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/unknown fault kind/);
  });
});
