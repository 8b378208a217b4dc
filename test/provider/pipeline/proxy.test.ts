import { describe, expect, it } from "vitest";
import { NoProxyList, parseProxyUrl, resolveProxy, usesProxy } from "../../../provider/pipeline/proxy";
import { TransportError } from "../../../provider/pipeline/transport-errors";

describe("NO_PROXY", () => {
  const cases: Array<[string, string, number, boolean]> = [
    // list, host, port, bypassed
    ["*", "management.azure.com", 443, true],
    ["", "management.azure.com", 443, false],
    ["azure.com", "azure.com", 443, true],
    ["azure.com", "management.azure.com", 443, true],
    ["azure.com", "notazure.com", 443, false],
    [".azure.com", "azure.com", 443, true],
    [".azure.com", "management.azure.com", 443, true],
    ["*.azure.com", "azure.com", 443, true],
    ["*.azure.com", "management.azure.com", 443, true],
    ["*.azure.com", "azure.com.evil.example", 443, false],
    ["MANAGEMENT.Azure.COM", "management.azure.com", 443, true],
    ["management.azure.com.", "management.azure.com", 443, true],
    ["management.azure.com:443", "management.azure.com", 443, true],
    ["management.azure.com:8443", "management.azure.com", 443, false],
    [" other.example , management.azure.com ", "management.azure.com", 443, true],
    ["10.1.2.3", "10.1.2.3", 443, true],
    ["10.1.2.3", "10.1.2.4", 443, false],
    ["10.1.2.3:443", "10.1.2.3", 443, true],
    ["10.1.2.3:80", "10.1.2.3", 443, false],
    ["10.0.0.0/8", "10.200.3.4", 443, true],
    ["10.0.0.0/8", "11.0.0.1", 443, false],
    ["192.168.4.0/22", "192.168.7.255", 443, true],
    ["192.168.4.0/22", "192.168.8.0", 443, false],
    ["fd00::/8", "fd12::1", 443, true],
    ["fd00::/8", "[fd12::1]", 443, true],
    ["fd00::/8", "fe00::1", 443, false],
    ["2001:db8::1", "2001:db8:0:0:0:0:0:1", 443, true],
    ["[2001:db8::1]:443", "[2001:db8::1]", 443, true],
    ["[2001:db8::1]:80", "[2001:db8::1]", 443, false],
    ["::ffff:10.0.0.1", "::ffff:10.0.0.1", 443, true],
    ["10.0.0.0/8", "management.azure.com", 443, false],
    ["management.azure.com", "10.1.2.3", 443, false],
    ["not a/valid/entry, /99", "management.azure.com", 443, false],
  ];
  it.each(cases)("NO_PROXY=%j, host %s:%i → bypassed %s", (list, host, port, bypassed) => {
    expect(new NoProxyList(list).bypasses(host, port)).toBe(bypassed);
    expect(usesProxy(host, port, new NoProxyList(list))).toBe(!bypassed);
  });

  it.each(["localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "::1", "[::1]", "0:0:0:0:0:0:0:1"])(
    "loopback %s is never proxied, whatever NO_PROXY says",
    (host) => {
      expect(usesProxy(host, 443, new NoProxyList(""))).toBe(false);
    },
  );

  it.each(["169.254.169.254", "169.254.0.1", "fe80::1", "[fe80::a:b]", "febf::1"])(
    "link-local %s (a managed identity's endpoint) is never proxied",
    (host) => {
      expect(usesProxy(host, 80, new NoProxyList(""))).toBe(false);
    },
  );

  it("an address next to link-local is proxied", () => {
    expect(usesProxy("169.253.169.254", 80, new NoProxyList(""))).toBe(true);
    expect(usesProxy("fec0::1", 80, new NoProxyList(""))).toBe(true);
  });

  it("a name that only looks like loopback is proxied", () => {
    expect(usesProxy("localhost.example", 443, new NoProxyList(""))).toBe(true);
    expect(usesProxy("128.0.0.1", 443, new NoProxyList(""))).toBe(true);
  });
});

describe("proxy URLs", () => {
  it("takes the URL apart: scheme, host, port, credentials (percent-decoded) as Basic", () => {
    expect(parseProxyUrl("http://svc%20user:p%40ss%3Aw@proxy.example:3128/", "HTTPS_PROXY")).toEqual({
      secure: false,
      hostname: "proxy.example",
      port: 3128,
      authorization: `Basic ${Buffer.from("svc user:p@ss:w").toString("base64")}`,
      shown: "http://proxy.example:3128",
    });
    expect(parseProxyUrl("https://[fd00::1]", "option")).toMatchObject({
      secure: true,
      hostname: "fd00::1",
      port: 443,
      authorization: undefined,
    });
    expect(parseProxyUrl("proxy.example:8080", "option")).toMatchObject({ secure: false, hostname: "proxy.example", port: 8080 });
    expect(parseProxyUrl("http://proxy.example", "option")).toMatchObject({ port: 80, shown: "http://proxy.example" });
  });

  it.each([
    ["socks5://proxy.example:1080", /must be an http:\/\/ or https:\/\/ URL/],
    ["http://", /is not a URL such as/],
    ["http://user:pw@:3128", /is not a URL such as/],
    ["http://proxy.example:99999", /is not a URL such as/],
    ["http://u:%E0%A4%A@proxy.example", /not valid percent-encoding/],
  ])("%s is refused", (raw, message) => {
    let err: unknown;
    try {
      parseProxyUrl(raw, "HTTPS_PROXY");
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "InvalidConfiguration", target: "HTTPS_PROXY" });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain("(from HTTPS_PROXY)");
    expect((err as Error).message).not.toMatch(/pw|%E0/);
  });

  it("resolves the option, then the environment, with NO_PROXY beside it", () => {
    const env = { HTTPS_PROXY: "http://env.example:1", no_proxy: ".internal" };
    expect(resolveProxy(undefined, env)).toEqual({ url: "http://env.example:1", source: "HTTPS_PROXY", noProxy: ".internal" });
    expect(resolveProxy("http://option.example:2", env)).toEqual({
      url: "http://option.example:2",
      source: "option",
      noProxy: ".internal",
    });
    expect(resolveProxy("", env)).toBeUndefined();
    expect(resolveProxy(undefined, { NO_PROXY: "a", no_proxy: "b", http_proxy: "http://p:1" })?.noProxy).toBe("a");
    expect(resolveProxy(undefined, {})).toBeUndefined();
    expect(() => resolveProxy(3128, env)).toThrow(/The option proxy must be a URL string/);
  });
});

describe("proxy failures", () => {
  it("a refused tunnel is final; an unreachable proxy, or one that could not reach ARM, is transient", () => {
    expect(new TransportError("proxy", "refused", "PROXY_407").transient).toBe(false);
    expect(new TransportError("proxy", "unreachable", "ECONNREFUSED", true).transient).toBe(true);
    expect(new TransportError("certificate", "x", "CERT_HAS_EXPIRED", true).transient).toBe(false);
  });
});
