/**
 * Fault injection: which faults are armed, which requests they hit (an operation, a path regex,
 * or every ARM request), and how often (the next N, or a fraction drawn from a seeded RNG).
 * How a fault is delivered on the wire lives in delivery.ts.
 */
import type { RetryAfterFormat } from "./arm-errors";
import { ROUTE_NAMES, type RouteName } from "./routes";

export const FAULT_KINDS = [
  "throttle",
  "status",
  "reset",
  "reset-mid-body",
  "slow-headers",
  "slow-body",
  "truncated-body",
  "malformed-json",
  "html",
  "empty-body",
  "expired-token",
  "forbidden",
] as const;

/**
 * - `throttle`: 429 SubscriptionRequestsThrottled; `retryAfter` "seconds" (default), "http-date" or "none"; `retryAfterSeconds` (default 1).
 * - `status`: ARM error body with `status` (408, 500, 502, 503, 504, ...; default 500), optional `code` / `message`.
 * - `reset`: the connection is reset before any response byte.
 * - `reset-mid-body`: headers and the first `bytes` of the body (default half) are sent, then the connection is reset.
 * - `slow-headers`: waits `delayMs` before answering normally.
 * - `slow-body`: headers at once, then the body in `chunks` pieces (default 2) spread over `delayMs`.
 * - `truncated-body`: `Content-Length` of the full body, only `bytes` (default half) sent, then the connection is closed.
 * - `malformed-json`: 200, `application/json`, a body cut in the middle (not parseable).
 * - `html`: a gateway's HTML error page, `text/html`, `status` 502 (default) or 503 etc.
 * - `empty-body`: `status` (default 200) with an empty body.
 * - `expired-token`: 401 ExpiredAuthenticationToken (with WWW-Authenticate), whatever the token.
 * - `forbidden`: 403 AuthorizationFailed for the requested scope.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Operation the fault applies to; "any" (default) = every ARM request. */
  route?: RouteName | "any";
  /** Regular expression tested against the request's path and query (strings are compiled case-insensitively). */
  path?: string | RegExp;
  /** Hit only the next N matching requests (after `skip`), then stay inert. */
  times?: number;
  /** Hit this fraction (0..1) of matching requests, drawn from the emulator's seeded RNG. */
  probability?: number;
  /** Let the first N matching requests through untouched. */
  skip?: number;
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: RetryAfterFormat;
  retryAfterSeconds?: number;
  delayMs?: number;
  chunks?: number;
  bytes?: number;
}

export interface ArmedFault {
  id: string;
  spec: FaultSpec;
  /** Matching requests seen so far. */
  matched: number;
  /** Requests the fault was applied to. */
  applied: number;
  /** False once `times` is used up. */
  active: boolean;
}

/** Deterministic PRNG (mulberry32) so probabilistic faults are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nonNegativeInt(v: unknown, name: string): void {
  if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0)) {
    throw new Error(`fault "${name}" must be an integer >= 0 (got ${JSON.stringify(v)})`);
  }
}

/** Throws an Error naming the first invalid field. */
export function validateFaultSpec(spec: unknown): FaultSpec {
  if (typeof spec !== "object" || spec === null) throw new Error('a fault must be an object with a "kind"');
  const s = spec as FaultSpec;
  if (!FAULT_KINDS.includes(s.kind))
    throw new Error(`unknown fault kind ${JSON.stringify(s.kind)}; expected one of ${FAULT_KINDS.join(", ")}`);
  if (s.route !== undefined && s.route !== "any" && !ROUTE_NAMES.includes(s.route)) {
    throw new Error(`fault "route" must be ${ROUTE_NAMES.join(", ")} or any (got ${JSON.stringify(s.route)})`);
  }
  if (s.path !== undefined && !(s.path instanceof RegExp)) {
    if (typeof s.path !== "string") throw new Error('fault "path" must be a regular expression string');
    try {
      new RegExp(s.path, "i");
    } catch (e) {
      throw new Error(`fault "path" is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  if (s.probability !== undefined && (typeof s.probability !== "number" || !(s.probability >= 0 && s.probability <= 1))) {
    throw new Error(`fault "probability" must be a number between 0 and 1 (got ${JSON.stringify(s.probability)})`);
  }
  for (const k of ["times", "skip", "retryAfterSeconds", "delayMs", "bytes"] as const) nonNegativeInt(s[k], k);
  if (s.chunks !== undefined && (!Number.isInteger(s.chunks) || s.chunks < 1)) throw new Error('fault "chunks" must be an integer >= 1');
  if (s.status !== undefined && (!Number.isInteger(s.status) || s.status < 100 || s.status > 599)) {
    throw new Error(`fault "status" must be an HTTP status code (got ${JSON.stringify(s.status)})`);
  }
  if (s.retryAfter !== undefined && !["seconds", "http-date", "none"].includes(s.retryAfter)) {
    throw new Error('fault "retryAfter" must be "seconds", "http-date" or "none"');
  }
  return s;
}

export class FaultController {
  private faults: Array<ArmedFault & { regex?: RegExp }> = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Re-seeds the RNG used by `probability` faults. */
  seed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** Arms a fault; returns its id. Faults are tried in the order they were added. */
  add(spec: FaultSpec): string {
    const s = validateFaultSpec({ ...spec });
    const regex = s.path === undefined ? undefined : s.path instanceof RegExp ? s.path : new RegExp(s.path, "i");
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec: s, matched: 0, applied: 0, active: s.times !== 0, regex });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /** Armed faults with their counters (`path` as a string). */
  list(): ArmedFault[] {
    return this.faults.map(({ regex: _regex, ...f }) => ({
      ...f,
      spec: { ...f.spec, ...(f.spec.path instanceof RegExp ? { path: f.spec.path.source } : {}) },
    }));
  }

  /**
   * The fault to apply to this request, if any. Every fault whose filter matches counts the
   * request (`matched`, which `skip` refers to); the first eligible one is applied.
   */
  pick(route: RouteName | "unknown", pathAndQuery: string): FaultSpec | undefined {
    let chosen: FaultSpec | undefined;
    for (const f of this.faults) {
      const r = f.spec.route ?? "any";
      if (r !== "any" && r !== route) continue;
      if (f.regex) {
        f.regex.lastIndex = 0;
        if (!f.regex.test(pathAndQuery)) continue;
      }
      f.matched++;
      if (chosen || !f.active) continue;
      if (f.matched <= (f.spec.skip ?? 0)) continue;
      if (f.spec.probability !== undefined && this.random() >= f.spec.probability) continue;
      f.applied++;
      if (f.spec.times !== undefined && f.applied >= f.spec.times) f.active = false;
      chosen = f.spec;
    }
    return chosen;
  }
}
