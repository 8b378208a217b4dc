/**
 * The fault matrix: every fault the emulator can inject, against Get, List and List By Resource
 * Group, on the first page and on a later page of the lists. A fault that happens once must end
 * in the complete, correct result (when it is retried) or in a BatchLookupError naming the cause;
 * a fault that persists must end in a BatchLookupError naming the cause after a bounded number of
 * attempts, within the total timeout. A list never returns a partial result.
 *
 * Prints the fault table (markdown) at the end; docs/reliability.md carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultSpec } from "../../emulator";
import { BatchLookupError, closeClients, getBatchAccount, type LookupOptions, listBatchAccounts } from "../../provider";
import { backoffDelay } from "../../provider/pipeline/retry-plan";
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS } from "../../provider/settings/client-options";
import { ACCOUNT, optionsFor, RG, SUB, startPagedEmulator, TEST_RETRY, TEST_TIMEOUTS } from "./helpers";

type Route = "get" | "list" | "listByResourceGroup";

interface Operation {
  label: string;
  route: Route;
  /** Which request the fault hits: the first one, or a later page (a request with $skiptoken). */
  page: "first" | "later";
}

const OPERATIONS: Operation[] = [
  { label: "get", route: "get", page: "first" },
  { label: "list p1", route: "list", page: "first" },
  { label: "list p2+", route: "list", page: "later" },
  { label: "list-by-rg p1", route: "listByResourceGroup", page: "first" },
  { label: "list-by-rg p2+", route: "listByResourceGroup", page: "later" },
];

function lookup(route: Route, opts: LookupOptions): Promise<unknown> {
  if (route === "get") return getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts);
  if (route === "list") return listBatchAccounts({ subscriptionId: SUB }, opts);
  return listBatchAccounts({ subscriptionId: SUB, resourceGroupName: RG }, opts);
}

/** How one fault behaves; `persistentAttempts` is per request with TEST_RETRY (3 retries). */
interface FaultCase {
  name: string;
  spec: Omit<FaultSpec, "route" | "path" | "times">;
  retried: boolean;
  persistentAttempts: number;
  /** What the error of a persistent fault says: its code and a pattern that names the cause. */
  code: string;
  message: RegExp;
  /** Duration of one failing attempt under the library defaults (for the defaults column). */
  defaultAttemptMs: number;
  /** Retry-After the server sends, in ms, if any. */
  retryAfterMs?: number;
  /** How the error reads, for the table. */
  errorText: string;
  /** Notes for the table. */
  note?: string;
}

const TRANSIENT_ATTEMPTS = TEST_RETRY.maxRetries + 1;

const FAULTS: FaultCase[] = [
  {
    name: "429, `Retry-After: 1` (seconds)",
    spec: { kind: "throttle", retryAfter: "seconds", retryAfterSeconds: 1 },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "SubscriptionRequestsThrottled",
    message: /failed after 4 attempts: SubscriptionRequestsThrottled: Number of 'read' requests .* throttled the requests/,
    defaultAttemptMs: 0,
    retryAfterMs: 1000,
    errorText:
      '`SubscriptionRequestsThrottled` (429): ARM\'s message + "throttled the requests; lower maxConcurrentRequests or retry later"',
    note: "waits exactly Retry-After (even above maxDelayMs); gives up early if the wait would pass totalTimeoutMs",
  },
  {
    name: "429, `Retry-After` HTTP date",
    spec: { kind: "throttle", retryAfter: "http-date", retryAfterSeconds: 1 },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "SubscriptionRequestsThrottled",
    message: /failed after 4 attempts: SubscriptionRequestsThrottled: .*throttled the requests/,
    defaultAttemptMs: 0,
    retryAfterMs: 1000,
    errorText: "`SubscriptionRequestsThrottled` (429), as above",
    note: "waits until the date",
  },
  {
    name: "429 without `Retry-After`",
    spec: { kind: "throttle", retryAfter: "none" },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "SubscriptionRequestsThrottled",
    message: /failed after 4 attempts: SubscriptionRequestsThrottled: .*throttled the requests/,
    defaultAttemptMs: 0,
    errorText: "`SubscriptionRequestsThrottled` (429), as above",
    note: "exponential backoff with jitter",
  },
  ...[500, 502, 503, 504].map((status): FaultCase => {
    const code = { 500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable", 504: "GatewayTimeout" }[status]!;
    return {
      name: `${status} (ARM error body)`,
      spec: { kind: "status", status },
      retried: true,
      persistentAttempts: TRANSIENT_ATTEMPTS,
      code,
      message: new RegExp(`failed after 4 attempts: ${code}: `),
      defaultAttemptMs: 0,
      errorText: `\`${code}\` (${status}): ARM's message`,
      note: "backoff; a Retry-After on it is honoured",
    };
  }),
  {
    name: "connection reset before the response",
    spec: { kind: "reset" },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "ConnectionFailed",
    message: /failed after 4 attempts: the connection failed \(ECONNRESET: /,
    defaultAttemptMs: 0,
    errorText: '`ConnectionFailed`: "the connection failed (ECONNRESET: …)"',
  },
  {
    name: "connection reset mid-body",
    spec: { kind: "reset-mid-body" },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "ConnectionFailed",
    message: /failed after 4 attempts: the connection failed \(ECONNRESET: /,
    defaultAttemptMs: 0,
    errorText: '`ConnectionFailed`: "the connection failed (ECONNRESET: aborted)"',
  },
  {
    name: "truncated body (short of Content-Length)",
    spec: { kind: "truncated-body" },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "ConnectionFailed",
    message: /failed after 4 attempts: the connection failed \(ECONNRESET: /,
    defaultAttemptMs: 0,
    errorText: "`ConnectionFailed`, as above",
  },
  {
    name: "malformed JSON with 200",
    spec: { kind: "malformed-json" },
    retried: false,
    persistentAttempts: 1,
    code: "InvalidResponse",
    message: /failed: the HTTP 200 body is not valid JSON/,
    defaultAttemptMs: 0,
    errorText: '`InvalidResponse` (200): "the HTTP 200 body is not valid JSON (…)"',
    note: "a complete response that is not JSON is an answer, not a transport failure",
  },
  {
    name: "HTML error page (502, text/html)",
    spec: { kind: "html" },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "Http502",
    message: /failed after 4 attempts: HTTP 502 with a text\/html body that is not an ARM error/,
    defaultAttemptMs: 0,
    errorText: '`Http502` (502): "HTTP 502 with a text/html body that is not an ARM error"',
  },
  {
    name: "empty body with 200",
    spec: { kind: "empty-body" },
    retried: false,
    persistentAttempts: 1,
    code: "InvalidResponse",
    message: /answered HTTP 200 with an empty body/,
    defaultAttemptMs: 0,
    errorText: '`InvalidResponse` (200): "answered HTTP 200 with an empty body"',
  },
  {
    name: "slow headers past `headersMs`",
    spec: { kind: "slow-headers", delayMs: 2500 },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "RequestTimeout",
    // Each attempt lasts headersMs (or bodyMs) plus the backoff, and a busy machine may reach the
    // total timeout during the 4th attempt: either message names the cause.
    message: new RegExp(
      `failed after 4 attempts: no response headers within ${TEST_TIMEOUTS.headersMs} ms|failed: no answer within the total timeout of ${TEST_RETRY.totalTimeoutMs} ms after 4 attempts`,
    ),
    defaultAttemptMs: DEFAULT_TIMEOUTS.headersMs,
    errorText: '`RequestTimeout`: "no response headers within N ms" (or "no answer within the total timeout")',
  },
  {
    name: "slow body past `bodyMs`",
    spec: { kind: "slow-body", delayMs: 2500, chunks: 2 },
    retried: true,
    persistentAttempts: TRANSIENT_ATTEMPTS,
    code: "RequestTimeout",
    message: new RegExp(
      `failed after 4 attempts: the response body stalled for more than ${TEST_TIMEOUTS.bodyMs} ms|failed: no answer within the total timeout of ${TEST_RETRY.totalTimeoutMs} ms after 4 attempts`,
    ),
    defaultAttemptMs: DEFAULT_TIMEOUTS.bodyMs,
    errorText: '`RequestTimeout`: "the response body stalled for more than N ms" (or the total timeout)',
  },
  {
    name: "expired token (401 ExpiredAuthenticationToken)",
    spec: { kind: "expired-token" },
    retried: true,
    persistentAttempts: 2,
    code: "ExpiredAuthenticationToken",
    message: /failed after 2 attempts: ExpiredAuthenticationToken: .*did not accept the credential/,
    defaultAttemptMs: 0,
    errorText: '`ExpiredAuthenticationToken` (401): ARM\'s message + "sign in again (`az login`) … or the `credential` option"',
    note: "retried once, with a freshly requested token",
  },
  {
    name: "403 AuthorizationFailed",
    spec: { kind: "forbidden" },
    retried: false,
    persistentAttempts: 1,
    code: "AuthorizationFailed",
    message: /failed: AuthorizationFailed: .*needs a role assignment that grants Microsoft\.Batch\/batchAccounts\/read/,
    defaultAttemptMs: 0,
    errorText:
      '`AuthorizationFailed` (403): ARM\'s message + "needs a role assignment that grants Microsoft.Batch/batchAccounts/read (for example Reader) on {scope}"',
  },
];

/** Attempts of one request under the library defaults when the fault persists (mid jitter). */
function attemptsUnderDefaults(f: FaultCase): string {
  if (!f.retried) return "1";
  if (f.code === "ExpiredAuthenticationToken") return "2";
  let elapsed = 0;
  for (let attempt = 1; ; attempt++) {
    elapsed += f.defaultAttemptMs;
    if (elapsed >= DEFAULT_RETRY.totalTimeoutMs) {
      return `${attempt} (the last one cut off by the ${DEFAULT_RETRY.totalTimeoutMs / 1000} s total timeout)`;
    }
    if (attempt - 1 >= DEFAULT_RETRY.maxRetries) return String(attempt);
    const delayMs = f.retryAfterMs ?? backoffDelay(attempt - 1, DEFAULT_RETRY, () => 0.5);
    if (elapsed + delayMs >= DEFAULT_RETRY.totalTimeoutMs) return `${attempt} (stopped: next wait passes the total timeout)`;
    elapsed += delayMs;
  }
}

interface Outcome {
  ok: boolean;
  result?: unknown;
  error?: unknown;
  elapsedMs: number;
  /** Requests the emulator saw, all of them, and those the fault was applied to. */
  requests: number;
  faulted: number;
  /** Requests that hit the faulted page (the attempts of that request). */
  attempts: number;
  /** The emulator's request log, for failure messages. */
  log: string;
  /** Shortest time between two attempts of the faulted request (arrival times at the emulator). */
  minGapMs: number;
}

const baseline = new Map<Route, { result: unknown; requests: number }>();

async function runScenario(op: Operation, fault: FaultCase, times: number | undefined): Promise<Outcome> {
  const emu = await startPagedEmulator();
  try {
    const spec: FaultSpec = { ...fault.spec, route: op.route };
    if (op.page === "later") spec.path = "[?&]\\$skiptoken=";
    if (times !== undefined) spec.times = times;
    emu.injectFault(spec);
    const started = Date.now();
    let outcome: Pick<Outcome, "ok" | "result" | "error">;
    try {
      outcome = { ok: true, result: await lookup(op.route, optionsFor(emu)) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const elapsedMs = Date.now() - started;
    const stats = emu.stats();
    const onPage = stats.requests.filter((r) => (op.page === "later" ? /[?&]\$skiptoken=/.test(r.url) : !/\$skiptoken=/.test(r.url)));
    // The faulted request is the first one of its kind: on a later page, the second page.
    const firstUrl = onPage[0]?.url;
    const tries = onPage.filter((r) => r.url === firstUrl);
    const attempts = tries.length;
    let minGapMs = Number.POSITIVE_INFINITY;
    for (let i = 1; i < tries.length; i++) minGapMs = Math.min(minGapMs, Date.parse(tries[i]!.time) - Date.parse(tries[i - 1]!.time));
    const log = stats.requests
      .map((r) => `${r.time.slice(17, 23)} ${r.status ?? "-"} ${r.fault ?? ""} ${r.durationMs ?? "-"}ms`)
      .join(" | ");
    return {
      ...outcome,
      elapsedMs,
      requests: stats.total,
      faulted: stats.faulted,
      attempts,
      log: `started ${new Date(started).toISOString().slice(17, 23)}: ${log}`,
      minGapMs,
    };
  } finally {
    await emu.stop();
  }
}

interface Row {
  fault: FaultCase;
  transient: Map<string, Outcome>;
  persistent: Map<string, Outcome>;
}
const rows: Row[] = [];

beforeAll(async () => {
  const emu = await startPagedEmulator();
  try {
    for (const route of ["get", "list", "listByResourceGroup"] as const) {
      emu.clearStats();
      const result = await lookup(route, optionsFor(emu));
      baseline.set(route, { result, requests: emu.stats().total });
    }
  } finally {
    await emu.stop();
  }
  // Lists must really span several pages, or "a later page" would test nothing.
  expect(baseline.get("list")!.requests).toBe(3);
  expect(baseline.get("listByResourceGroup")!.requests).toBe(3);
  expect((baseline.get("list")!.result as { value: unknown[] }).value).toHaveLength(5);
});

afterAll(async () => {
  await closeClients();
  console.log(`\n${faultTable()}\n`);
});

describe.concurrent("fault matrix", () => {
  for (const fault of FAULTS) {
    it(`${fault.name}: once → ${fault.retried ? "retried to the complete result" : "an error naming the cause"}; persistent → a bounded error`, async () => {
      const row: Row = { fault, transient: new Map(), persistent: new Map() };
      const runs = OPERATIONS.flatMap((op) => [
        runScenario(op, fault, 1).then((o) => row.transient.set(op.label, o)),
        runScenario(op, fault, undefined).then((o) => row.persistent.set(op.label, o)),
      ]);
      await Promise.all(runs);
      rows.push(row);

      for (const op of OPERATIONS) {
        const base = baseline.get(op.route)!;
        const once = row.transient.get(op.label)!;
        const always = row.persistent.get(op.label)!;
        const where = `${fault.name} on ${op.label} [once: ${once.log}] [persistent: ${always.log}]`;

        // Once.
        expect(once.faulted, where).toBe(1);
        if (fault.retried) {
          if (!once.ok) throw new Error(`${where}: expected a retried success, got ${String(once.error)}`);
          expect(once.result, where).toEqual(base.result);
          expect(once.requests, where).toBe(base.requests + 1);
          expect(once.attempts, where).toBe(2);
        } else {
          expect(once.ok, where).toBe(false);
          expect(once.error, where).toBeInstanceOf(BatchLookupError);
          expect((once.error as BatchLookupError).code, where).toBe(fault.code);
          expect((once.error as BatchLookupError).message, where).toMatch(fault.message);
          expect(once.attempts, where).toBe(1);
        }

        // Persistent: an error, never a (partial) result, after bounded attempts and time.
        expect(always.ok, `${where} (persistent) returned ${JSON.stringify(always.result)?.slice(0, 200)}`).toBe(false);
        const err = always.error as BatchLookupError;
        expect(err, where).toBeInstanceOf(BatchLookupError);
        expect(err.code, where).toBe(fault.code);
        expect(err.message, where).toMatch(fault.message);
        expect(err.message, where).toMatch(
          op.route === "get"
            ? `Batch account "${ACCOUNT}"`
            : op.route === "list"
              ? `Batch accounts of subscription ${SUB}`
              : `Batch accounts of resource group "${RG}"`,
        );
        expect(always.attempts, where).toBe(fault.persistentAttempts);
        // A coarse bound, on purpose: the total timeout ends every lookup, and this only catches one
        // that outlives it by far (a hang, attempts it does not bound); a tight bound would measure
        // the machine's load (ten scenarios run at once here).
        expect(always.elapsedMs, where).toBeLessThan(2 * TEST_RETRY.totalTimeoutMs);
        if (fault.spec.kind === "throttle" && fault.spec.retryAfter === "seconds") {
          // Retry-After honoured, in real time: no retry sooner than 1 s after the 429 (ms timestamps:
          // 1 ms of rounding). The one real-time check of a Retry-After's wait; the retry policy's
          // unit tests check it on fake timers, the other suites by counts.
          expect(Math.min(once.minGapMs, always.minGapMs), where).toBeGreaterThanOrEqual(999);
        }
      }
    });
  }
});

function faultTable(): string {
  const lines = [
    "| Fault | Retried | Attempts per request when it persists (suite options: maxRetries 3) | Attempts under defaults | Error when it persists (`code`: message) | Measured (once → result; persistent → error, slowest) |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const fault of FAULTS) {
    const row = rows.find((r) => r.fault === fault);
    if (row === undefined) {
      lines.push(`| ${fault.name} | (not run) | | | | |`);
      continue;
    }
    const attempts = [...new Set(OPERATIONS.map((op) => row.persistent.get(op.label)?.attempts))].join("/");
    const onceOk = OPERATIONS.every((op) => row.transient.get(op.label)?.ok);
    const slowest = Math.max(...OPERATIONS.map((op) => row.persistent.get(op.label)?.elapsedMs ?? 0));
    const retried = fault.retried ? `yes${fault.note ? `: ${fault.note}` : ""}` : `no${fault.note ? `: ${fault.note}` : ""}`;
    lines.push(
      `| ${fault.name} | ${retried} | ${attempts} | ${attemptsUnderDefaults(fault)} | ${fault.errorText} | ${onceOk ? "complete result" : "error"}; ${slowest} ms |`,
    );
  }
  return [
    "Fault matrix: Get, List and List By Resource Group (faults on page 1 and on a later page of the lists).",
    `Suite options: retry ${JSON.stringify(TEST_RETRY)}, timeouts ${JSON.stringify(TEST_TIMEOUTS)}.`,
    `Defaults: retry ${JSON.stringify(DEFAULT_RETRY)}, timeouts ${JSON.stringify(DEFAULT_TIMEOUTS)}.`,
    "",
    ...lines,
  ].join("\n");
}
