/**
 * Proxies, against a real CONNECT proxy on loopback: the lookup goes through the proxy's tunnel
 * (and the proxy never sees the token in clear), NO_PROXY and loopback go direct, the environment
 * variables in either case, credentials from the proxy URL, a proxy that refuses (407, 403) or is
 * down fails in bounded time naming the proxy, `proxy: ""` turns the environment's proxy off, and
 * a bad proxy URL is an InvalidConfiguration. The library never proxies loopback, so the emulator
 * is reached through a name only the proxy resolves (arm.proxied.test), with a certificate that
 * covers that name.
 */
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../emulator";
import { generateTlsMaterial, type TlsMaterial } from "../../emulator/tls";
import { BatchLookupClient, type ClientOptions, closeClients, getBatchAccount, StaticTokenCredential } from "../../provider";
import { setPulumiConfigReader } from "../../provider/settings/resolve";
import { type ConnectProxy, closedPort, startConnectProxy } from "../support/connect-proxy";
import { ACCOUNT, RG, rejection, renderings, SUB, TEST_RETRY, TEST_TIMEOUTS } from "./helpers";

const NAME = "arm.proxied.test";
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];
const GET = { accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB };

let material: TlsMaterial;
let emu: RunningEmulator;
let proxy: ConnectProxy;
let endpoint: string;
const clients: BatchLookupClient[] = [];
const proxies: ConnectProxy[] = [];

beforeAll(async () => {
  material = await generateTlsMaterial("azure-batch-lookup proxy test CA", [NAME]);
  emu = await startEmulator({ tlsCertificate: material });
  endpoint = `https://${NAME}:${emu.port}`;
  proxy = await startConnectProxy({ hosts: { [NAME]: "127.0.0.1" } });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  proxy.connects.length = 0;
  setPulumiConfigReader(undefined);
});

afterAll(async () => {
  await closeClients();
  await proxy.close();
  await emu.stop();
});

/** Runs `fn` with exactly these proxy variables set (the others unset), then restores the environment. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A client for the emulator by its proxied name (or another endpoint), created under `env`. */
function client(options: ClientOptions = {}, env: Record<string, string> = {}): BatchLookupClient {
  const c = withEnv(
    env,
    () =>
      new BatchLookupClient({
        endpoint,
        credential: new StaticTokenCredential(EMULATOR_TOKEN),
        ca: material.ca,
        retry: TEST_RETRY,
        timeouts: TEST_TIMEOUTS,
        ...options,
      }),
  );
  clients.push(c);
  return c;
}

async function extraProxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
  const p = await startConnectProxy({ hosts: { [NAME]: "127.0.0.1" }, ...options });
  proxies.push(p);
  return p;
}

describe("the tunnel", () => {
  it("a lookup goes through the proxy's CONNECT tunnel; the proxy relays TLS and never sees the token", async () => {
    emu.clearStats();
    const account = await getBatchAccount(GET, { client: client({ proxy: proxy.url }) });
    expect(account.name).toBe(ACCOUNT);
    expect(proxy.connects).toEqual([{ target: `${NAME}:${emu.port}`, proxyAuthorization: undefined, status: 200 }]);
    expect(proxy.plainRequests).toEqual([]);
    expect(proxy.relayedBytes()).toBeGreaterThan(0);
    expect(proxy.sawCredentialsInClear()).toBe(false);
    // The token did reach ARM, inside the tunnel.
    expect(emu.stats().authorizationHeaders).toContain(`Bearer ${EMULATOR_TOKEN}`);
  });

  it("two lookups in a row share one tunnel (a keep-alive connection through the proxy)", async () => {
    const c = client({ proxy: proxy.url });
    await getBatchAccount(GET, { client: c });
    await getBatchAccount(GET, { client: c });
    expect(proxy.connects).toHaveLength(1);
  });

  it("an https:// proxy: TLS to the proxy, and TLS to ARM inside it", async () => {
    const secure = await extraProxy({ tls: { key: material.key, cert: material.cert } });
    expect(secure.url).toMatch(/^https:/);
    expect((await getBatchAccount(GET, { client: client({ proxy: secure.url }) })).name).toBe(ACCOUNT);
    expect(secure.connects.map((c) => c.status)).toEqual([200]);
    expect(secure.sawCredentialsInClear()).toBe(false);
  });

  it("default clients with different proxies do not share a transport", async () => {
    const other = await extraProxy();
    const options = { endpoint, credential: new StaticTokenCredential(EMULATOR_TOKEN), ca: material.ca, retry: TEST_RETRY };
    await getBatchAccount(GET, { ...options, proxy: proxy.url });
    await getBatchAccount(GET, { ...options, proxy: other.url });
    expect(proxy.connects).toHaveLength(1);
    expect(other.connects).toHaveLength(1);
    await closeClients();
  });
});

describe("which proxy: option, configuration, environment", () => {
  it.each(["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"])(
    "%s, read when the client is created, is used for HTTPS",
    async (variable) => {
      const c = client({}, { [variable]: proxy.url });
      expect(c.options.proxy?.source).toBe(variable);
      expect((await getBatchAccount(GET, { client: c })).name).toBe(ACCOUNT);
      expect(proxy.connects.map((x) => x.status)).toEqual([200]);
    },
  );

  it("the order is HTTPS_PROXY, https_proxy, ALL_PROXY, all_proxy, HTTP_PROXY, http_proxy", () => {
    const all = Object.fromEntries(
      ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"].map((v) => [
        v,
        `http://${v.toLowerCase()}.example:1`,
      ]),
    );
    const order: string[] = [];
    const env = { ...all };
    for (const variable of Object.keys(all)) {
      order.push(client({}, env).options.proxy!.source);
      delete env[variable];
    }
    expect(order).toEqual(Object.keys(all));
  });

  it("the option wins over Pulumi config, which wins over the environment", () => {
    setPulumiConfigReader((key) => (key === "azure-batch-lookup:proxy" ? "http://config.example:3128" : undefined));
    expect(client({ proxy: "http://option.example:3128" }, { HTTPS_PROXY: "http://env.example:1" }).options.proxy).toMatchObject({
      url: "http://option.example:3128",
      source: "option",
    });
    expect(client({}, { HTTPS_PROXY: "http://env.example:1" }).options.proxy?.source).toBe("azure-batch-lookup:proxy");
  });

  it('proxy: "" turns the environment\'s proxy off: the request goes direct', async () => {
    const c = client({ proxy: "", retry: { ...TEST_RETRY, maxRetries: 0 } }, { HTTPS_PROXY: proxy.url });
    expect(c.options.proxy).toBeUndefined();
    // Direct, the proxied name does not resolve: the lookup fails without reaching the proxy.
    const err = await rejection(getBatchAccount(GET, { client: c }));
    expect(err.code).toBe("ConnectionFailed");
    expect(err.message).not.toMatch(/proxy/);
    expect(proxy.connects).toEqual([]);
  });

  it("without any proxy setting there is no proxy", () => {
    expect(client({}, {}).options.proxy).toBeUndefined();
  });
});

describe("NO_PROXY and loopback", () => {
  it("a loopback endpoint is never proxied: the proxy sees nothing", async () => {
    const c = client({ endpoint: emu.url }, { HTTPS_PROXY: proxy.url });
    expect(c.options.proxy?.source).toBe("HTTPS_PROXY");
    expect((await getBatchAccount(GET, { client: c })).name).toBe(ACCOUNT);
    const local = client({ endpoint: `https://localhost:${emu.port}`, proxy: proxy.url });
    expect((await getBatchAccount(GET, { client: local })).name).toBe(ACCOUNT);
    expect(proxy.connects).toEqual([]);
    expect(proxy.plainRequests).toEqual([]);
  });

  it.each(["NO_PROXY", "no_proxy"])("%s naming the host sends the request direct", async (variable) => {
    const c = client({ retry: { ...TEST_RETRY, maxRetries: 0 } }, { HTTPS_PROXY: proxy.url, [variable]: "other.example, .proxied.test" });
    const err = await rejection(getBatchAccount(GET, { client: c }));
    // Direct, the name resolves nowhere; the proxy saw nothing.
    expect(err.code).toBe("ConnectionFailed");
    expect(err.message).not.toMatch(/proxy/);
    expect(proxy.connects).toEqual([]);
  });

  it("a NO_PROXY entry for another port does not bypass the proxy", async () => {
    const c = client({}, { https_proxy: proxy.url, no_proxy: `${NAME}:1` });
    expect((await getBatchAccount(GET, { client: c })).name).toBe(ACCOUNT);
    expect(proxy.connects).toHaveLength(1);
  });

  it("NO_PROXY applies to a proxy given as an option too", async () => {
    const c = client({ proxy: proxy.url, retry: { ...TEST_RETRY, maxRetries: 0 } }, { NO_PROXY: "*" });
    await rejection(getBatchAccount(GET, { client: c }));
    expect(proxy.connects).toEqual([]);
  });
});

describe("proxy credentials", () => {
  const username = "svc user";
  const password = "p@ss:w0rd/secret";
  const withCredentials = (p: ConnectProxy, user: string, pass: string) =>
    p.url.replace("://", `://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@`);

  it("the user name and password of the proxy URL (percent-decoded) go in Proxy-Authorization: Basic", async () => {
    const guarded = await extraProxy({ credentials: { username, password } });
    const c = client({ proxy: withCredentials(guarded, username, password) });
    expect((await getBatchAccount(GET, { client: c })).name).toBe(ACCOUNT);
    expect(guarded.connects).toEqual([
      {
        target: `${NAME}:${emu.port}`,
        proxyAuthorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
        status: 200,
      },
    ]);
    expect(guarded.sawCredentialsInClear()).toBe(false);
  });

  it("without credentials, the proxy's 407 fails the lookup at once, naming the proxy and what to do", async () => {
    const guarded = await extraProxy({ credentials: { username, password } });
    const err = await rejection(getBatchAccount(GET, { client: client({ proxy: guarded.url }) }));
    expect(err.code).toBe("ProxyFailed");
    expect(err.message).toMatch(
      new RegExp(
        `failed: the proxy http://127\\.0\\.0\\.1:${guarded.port} refused the tunnel to ${NAME.replace(/\./g, "\\.")}:${emu.port} with HTTP 407 Proxy Authentication Required; the proxy requires authentication: put the user name and password in the proxy URL`,
      ),
    );
    expect(guarded.connects).toHaveLength(1);
    expect(renderings(err)).not.toContain(EMULATOR_TOKEN);
  });

  it("with the wrong password, the 407 names the proxy without the credentials, and the token is nowhere", async () => {
    const guarded = await extraProxy({ credentials: { username, password } });
    const wrong = "not-the-password";
    const err = await rejection(getBatchAccount(GET, { client: client({ proxy: withCredentials(guarded, username, wrong) }) }));
    expect(err.code).toBe("ProxyFailed");
    expect(err.message).toMatch(/refused the tunnel .* with HTTP 407 .*; the proxy refused the user name and password of the proxy URL/);
    expect(err.message).toContain(`http://127.0.0.1:${guarded.port}`);
    const text = renderings(err);
    for (const secret of [wrong, encodeURIComponent(username), EMULATOR_TOKEN]) expect(text).not.toContain(secret);
    expect(guarded.connects).toHaveLength(1);
  });

  it("a CONNECT refused with 403 is final: one request, naming the proxy", async () => {
    const refusing = await extraProxy({ refuseWith: 403 });
    const err = await rejection(getBatchAccount(GET, { client: client({ proxy: refusing.url }) }));
    expect(err.code).toBe("ProxyFailed");
    expect(err.message).toMatch(new RegExp(`the proxy http://127\\.0\\.0\\.1:${refusing.port} refused the tunnel to .* with HTTP 403`));
    expect(refusing.connects).toHaveLength(1);
  });

  it("a proxy's 502 (it could not reach ARM) is retried like a connection failure", async () => {
    const failing = await extraProxy({ refuseWith: 502 });
    const err = await rejection(getBatchAccount(GET, { client: client({ proxy: failing.url }) }));
    expect(err.message).toMatch(/after 4 attempts: the proxy .* refused the tunnel .* with HTTP 502/);
    expect(failing.connects).toHaveLength(4);
  });
});

describe("a proxy that is down or silent fails in bounded time, naming the proxy", () => {
  it("nothing listens at the proxy's address: retried, then ProxyFailed within the deadline", async () => {
    const port = await closedPort();
    const err = await rejection(getBatchAccount(GET, { client: client({ proxy: `http://user:hunter2@127.0.0.1:${port}` }) }));
    // Bounded by the attempts (the message counts them), not by the deadline.
    expect(err.code).toBe("ProxyFailed");
    expect(err.message).toMatch(
      new RegExp(`failed after 4 attempts: could not reach the proxy http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED: `),
    );
    expect(renderings(err)).not.toContain("hunter2");
  });

  it("a proxy that accepts the connection and never answers the CONNECT: the connect timeout", async () => {
    const silent = net.createServer((socket) => socket.on("error", () => {}));
    await new Promise<void>((resolve) => silent.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const err = await rejection(
        getBatchAccount(GET, {
          client: client({
            proxy: `http://127.0.0.1:${port}`,
            retry: { ...TEST_RETRY, maxRetries: 1 },
            timeouts: { ...TEST_TIMEOUTS, connectMs: 300 },
          }),
        }),
      );
      expect(err.code).toBe("RequestTimeout");
      expect(err.message).toMatch(
        new RegExp(`after 2 attempts: could not connect through the proxy http://127\\.0\\.0\\.1:${port} within 300 ms`),
      );
      // A coarse bound, on purpose: against a proxy that never answers, the one thing to prove is that
      // the lookup ends (two attempts of 300 ms) well before the 5 s total timeout would end it; it
      // stays clear of scheduling noise on a loaded machine.
      expect(Date.now() - started).toBeLessThan(TEST_RETRY.totalTimeoutMs);
    } finally {
      silent.close();
    }
  });
});

describe("a bad proxy URL is an InvalidConfiguration naming its source and the rule", () => {
  it.each([
    [
      "HTTPS_PROXY",
      "socks5://127.0.0.1:1080",
      /The proxy socks5:\/\/127\.0\.0\.1:1080 \(from HTTPS_PROXY\) must be an http:\/\/ or https:\/\/ URL/,
    ],
    ["http_proxy", "http://user:s3cret@", /The proxy \(from http_proxy\) is not a URL such as http:\/\/proxy\.example:3128/],
    ["ALL_PROXY", "ftp://proxy.example", /The proxy ftp:\/\/proxy\.example \(from ALL_PROXY\) must be an http:\/\/ or https:\/\/ URL/],
  ])("%s=%s", (variable, value, message) => {
    let err: unknown;
    try {
      client({}, { [variable]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "InvalidConfiguration", target: variable });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("s3cret");
  });

  it("the option and the Pulumi config key are named too", () => {
    expect(() => client({ proxy: "https://:8080" })).toThrow(/The proxy \(from option\) is not a URL/);
    setPulumiConfigReader((key) => (key === "azure-batch-lookup:proxy" ? "socks://p.example:1" : undefined));
    expect(() => client()).toThrow(/\(from azure-batch-lookup:proxy\) must be an http:\/\/ or https:\/\/ URL/);
  });

  it("a value without a scheme is read as http://, as curl and Go read it", () => {
    expect(client({}, { HTTPS_PROXY: "proxy.example:3128" }).options.proxy?.url).toBe("proxy.example:3128");
  });
});
