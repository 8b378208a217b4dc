// Which proxy a client uses, as every Azure SDK client and the azure-native provider choose it:
// the `proxy` option, else Pulumi config `azure-batch-lookup:proxy`, else HTTPS_PROXY, ALL_PROXY,
// HTTP_PROXY (upper case before lower case), read once when the client is created. NO_PROXY lists
// the hosts reached directly. Loopback hosts are never proxied (as Go's httpproxy, which
// azure-native uses, decides): plain http is allowed only to loopback, so a request in clear text
// never passes a proxy, and HTTPS always goes through a CONNECT tunnel, so the proxy never sees
// the bearer token.

import { isIP } from "node:net";
import { BatchLookupError } from "../errors";
import { isLoopbackHost, type PulumiConfigReader, resolveSetting } from "../settings/resolve";

/** The proxy of a client, as configured (the transport key of default clients includes it). */
export interface ProxyChoice {
  /** The proxy URL, credentials included. */
  url: string;
  /** Where it came from: `option`, `azure-batch-lookup:proxy`, `HTTPS_PROXY`, ... */
  source: string;
  /** The NO_PROXY list, as read. */
  noProxy: string;
}

/** The environment variables of the proxy, in the order they are read. */
export const NO_PROXY_ENV = ["NO_PROXY", "no_proxy"] as const;

/**
 * The proxy for a client: `explicit` (the `proxy` option; "" means no proxy whatever the
 * environment says), else configuration, else the environment. Checked here, so a bad proxy URL
 * fails before any request, naming where it came from.
 */
export function resolveProxy(
  explicit: unknown,
  env: NodeJS.ProcessEnv = process.env,
  config?: PulumiConfigReader,
): ProxyChoice | undefined {
  if (explicit !== undefined && typeof explicit !== "string") {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: "proxy",
      message: `The option proxy must be a URL string such as "http://proxy.example:3128" (or "" for no proxy), got a ${explicit === null ? "null" : typeof explicit}.`,
    });
  }
  if (explicit === "") return undefined;
  const setting = resolveSetting("proxy", explicit, env, config);
  if (setting === undefined) return undefined;
  parseProxyUrl(setting.value, setting.source);
  const noProxy = NO_PROXY_ENV.map((name) => env[name]).find((v) => v !== undefined && v !== "") ?? "";
  return { url: setting.value, source: setting.source, noProxy };
}

/** A proxy URL taken apart for the tunnel. */
export interface ProxyEndpoint {
  secure: boolean;
  /** Host name or IP address (IPv6 without brackets). */
  hostname: string;
  port: number;
  /** `Basic ...` from the URL's user name and password, if it has them. */
  authorization: string | undefined;
  /** The proxy as messages name it: scheme, host and port, never the credentials. */
  shown: string;
}

/**
 * Reads and checks a proxy URL: http:// or https://, with a host. A value without a scheme
 * (`proxy.example:3128`) is taken as http://, as curl and Go read it. Messages show the proxy
 * without its credentials.
 */
export function parseProxyUrl(raw: string, source: string): ProxyEndpoint {
  const text = raw.trim();
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.hostname === "") {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: source,
      // The value is not repeated: it may hold a password.
      message: `The proxy (from ${source}) is not a URL such as http://proxy.example:3128 (or http://user:password@proxy.example:3128).`,
    });
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BatchLookupError({
      code: "InvalidConfiguration",
      target: source,
      message: `The proxy ${shown} (from ${source}) must be an http:// or https:// URL such as http://proxy.example:3128; other proxy schemes (socks5://, ...) are not supported.`,
    });
  }
  const secure = url.protocol === "https:";
  let authorization: string | undefined;
  if (url.username !== "" || url.password !== "") {
    let user: string;
    let password: string;
    try {
      user = decodeURIComponent(url.username);
      password = decodeURIComponent(url.password);
    } catch {
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        target: source,
        message: `The proxy ${shown} (from ${source}) has a user name or password that is not valid percent-encoding.`,
      });
    }
    authorization = `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
  }
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { secure, hostname, port: url.port === "" ? (secure ? 443 : 80) : Number(url.port), authorization, shown };
}

type NoProxyRule =
  | { kind: "all" }
  | { kind: "domain"; domain: string; port: number | undefined }
  | { kind: "ip"; address: string; prefix: number; family: 4 | 6; port: number | undefined };

/** A NO_PROXY list: comma-separated entries, each matched against a request's host and port. */
export class NoProxyList {
  readonly #rules: NoProxyRule[];

  constructor(list: string) {
    this.#rules = list
      .split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== "")
      .map(parseRule)
      .filter((rule): rule is NoProxyRule => rule !== undefined);
  }

  /** Whether a request to `host`:`port` goes directly, without the proxy. */
  bypasses(host: string, port: number): boolean {
    const name = normalizeHost(host);
    for (const rule of this.#rules) {
      if (rule.kind === "all") return true;
      if (rule.port !== undefined && rule.port !== port) continue;
      if (rule.kind === "domain") {
        if (name === rule.domain || name.endsWith(`.${rule.domain}`)) return true;
      } else if (inRange(name, rule)) {
        return true;
      }
    }
    return false;
  }
}

/**
 * Whether a request to `host`:`port` goes through the proxy: never for loopback, never for a
 * link-local address (a managed identity's endpoint, such as 169.254.169.254), never for a
 * NO_PROXY host.
 */
export function usesProxy(host: string, port: number, noProxy: NoProxyList): boolean {
  const name = normalizeHost(host);
  if (isLoopbackHost(name) || isLoopbackAddress(name) || isLinkLocal(name)) return false;
  return !noProxy.bypasses(name, port);
}

function normalizeHost(host: string): string {
  const h = host.toLowerCase();
  const unbracketed = h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
  return unbracketed.endsWith(".") ? unbracketed.slice(0, -1) : unbracketed;
}

function isLinkLocal(name: string): boolean {
  if (isIP(name) === 4) return name.startsWith("169.254.");
  if (isIP(name) === 6) return ((expandIpv6(name)?.[0] ?? 0) & 0xffc0) === 0xfe80;
  return false;
}

function isLoopbackAddress(name: string): boolean {
  if (isIP(name) === 6) return expandIpv6(name)?.every((group, i) => group === (i === 7 ? 1 : 0)) === true;
  return false;
}

function parseRule(entry: string): NoProxyRule | undefined {
  if (entry === "*") return { kind: "all" };
  // An IPv6 address, a range or a bracketed address with a port.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) return ipRule(bracketed[1]!, bracketed[2]);
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (cidr !== null) {
    const family = isIP(cidr[1]!);
    const prefix = Number(cidr[2]);
    if ((family !== 4 && family !== 6) || prefix > (family === 4 ? 32 : 128)) return undefined;
    return { kind: "ip", address: cidr[1]!, prefix, family, port: undefined };
  }
  if (isIP(entry) !== 0) return ipRule(entry, undefined);
  const withPort = /^(.*):(\d+)$/.exec(entry);
  const host = withPort === null ? entry : withPort[1]!;
  const port = withPort === null ? undefined : Number(withPort[2]);
  if (isIP(host) === 4) return ipRule(host, withPort?.[2]);
  const domain = host.replace(/^\*?\./, "").replace(/\.$/, "");
  if (domain === "") return undefined;
  return { kind: "domain", domain, port };
}

function ipRule(address: string, port: string | undefined): NoProxyRule | undefined {
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  return { kind: "ip", address, prefix: family === 4 ? 32 : 128, family, port: port === undefined ? undefined : Number(port) };
}

function inRange(host: string, rule: Extract<NoProxyRule, { kind: "ip" }>): boolean {
  if (isIP(host) !== rule.family) return false;
  const a = rule.family === 4 ? ipv4Bits(host) : expandIpv6(host);
  const b = rule.family === 4 ? ipv4Bits(rule.address) : expandIpv6(rule.address);
  if (a === undefined || b === undefined) return false;
  const width = rule.family === 4 ? 8 : 16;
  let left = rule.prefix;
  for (let i = 0; i < a.length && left > 0; i++) {
    const bits = Math.min(width, left);
    const mask = ((1 << bits) - 1) << (width - bits);
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
    left -= bits;
  }
  return true;
}

function ipv4Bits(address: string): number[] {
  return address.split(".").map(Number);
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included). */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = ipv4Bits(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head === "" || head === undefined ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((g) => Number.parseInt(g, 16));
}
