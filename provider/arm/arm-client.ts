// GETs ARM resources as JSON: authentication, bounded concurrency, retries and the total
// deadline, error mapping, and `nextLink` paging that never leaves the configured origin.

import { randomUUID } from "node:crypto";
import { BatchLookupError } from "../errors";
import type { TokenCache } from "../credential";
import type { Limiter } from "../concurrency";
import { InflightRequests } from "../concurrency";
import { HttpTransport, TransportError, type HttpResponse } from "../http/transport";
import { isTransientStatus, parseRetryAfter, planRetry, type RetryOptions } from "../http/retry";
import { describeTarget, errorFromResponse, header, parseArmError, type LookupTarget } from "./response-errors";

export interface ArmClientSettings {
  /** The ARM origin, such as https://management.azure.com. */
  endpoint: string;
  tokens: TokenCache;
  transport: HttpTransport;
  limiter: Limiter;
  retry: Required<RetryOptions>;
  userAgent: string;
}

/** A parsed JSON body with the ids that identify the request to Azure support. */
export interface ArmResult {
  body: unknown;
  requestId?: string;
}

/** When a lookup started, and the signal that ends it when its total timeout has passed. */
export interface LookupBudget {
  started: number;
  deadline: AbortSignal;
}

/** Upper bound on pages of one list, so a server that never stops paging cannot loop forever. */
export const MAX_PAGES = 10_000;

const TOKEN_REJECTED = new Set(["ExpiredAuthenticationToken", "InvalidAuthenticationToken"]);

export class ArmClient {
  readonly settings: ArmClientSettings;
  readonly #shared = new InflightRequests<unknown>();

  constructor(settings: ArmClientSettings) {
    this.settings = settings;
  }

  get endpoint(): string {
    return this.settings.endpoint;
  }

  /** Runs `task` once for all concurrent callers with the same key; each joiner gets its own copy. */
  shared<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#shared.run(key, task, copyData) as Promise<T>;
  }

  /** The time budget of one lookup: it starts now and ends after `totalTimeoutMs`. */
  startBudget(): LookupBudget {
    return { started: Date.now(), deadline: AbortSignal.timeout(this.settings.retry.totalTimeoutMs) };
  }

  /**
   * GETs one URL on the ARM origin and parses its JSON body, retrying transient failures.
   * `budget` is the lookup's total time (every page of a list shares one); waiting for a token
   * or for a concurrency slot counts against it too.
   */
  async getJson(url: string, target: LookupTarget, correlationId: string = randomUUID(), budget: LookupBudget = this.startBudget()): Promise<ArmResult> {
    const { retry: options, limiter, transport, tokens } = this.settings;
    const { started, deadline } = budget;
    let attempts = 0;
    let retries = 0;
    let refreshedToken = false;
    for (;;) {
      let outcome: HttpResponse | TransportError;
      try {
        const token = await untilAborted(tokens.getToken(), deadline);
        const headers = {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          "user-agent": this.settings.userAgent,
          "x-ms-client-request-id": randomUUID(),
          "x-ms-correlation-request-id": correlationId,
        };
        outcome = await limiter.run(() => {
          attempts++;
          return transport.get(url, headers, deadline);
        }, deadline);
      } catch (err) {
        if (err instanceof TransportError) outcome = err;
        else if (deadline.aborted && !(err instanceof BatchLookupError)) throw deadlineError(target, attempts, options.totalTimeoutMs);
        else throw err;
      }

      if (!(outcome instanceof TransportError) && outcome.status === 200) {
        return parseSuccess(outcome, target);
      }
      if (!(outcome instanceof TransportError) && outcome.status === 401 && !refreshedToken) {
        // A token can expire or be revoked between our cache check and ARM: get a new one, once.
        const code = parseArmError(outcome.body)?.code;
        if (code !== undefined && TOKEN_REJECTED.has(code)) {
          refreshedToken = true;
          tokens.invalidate();
          continue;
        }
      }
      const transient = outcome instanceof TransportError
        ? outcome.failure === "connection" || outcome.failure === "timeout"
        : isTransientStatus(outcome.status);
      if (!transient) throw finalError(outcome, target, attempts, options.totalTimeoutMs);

      const retryAfter = outcome instanceof TransportError ? undefined : parseRetryAfter(outcome.headers["retry-after"]);
      const plan = planRetry(retries, Date.now() - started, retryAfter, options);
      if (!plan.retry) {
        const err = finalError(outcome, target, attempts, options.totalTimeoutMs);
        if (plan.reason === "time") {
          throw withSuffix(err, ` Retries stopped: waiting ${retryAfter !== undefined ? `the requested ${Math.ceil(retryAfter / 1000)} s` : "again"} would pass the total timeout of ${options.totalTimeoutMs} ms.`);
        }
        throw err;
      }
      retries++;
      await sleep(plan.delayMs, deadline);
      if (deadline.aborted) throw finalError(outcome, target, attempts, options.totalTimeoutMs);
    }
  }

  /**
   * Follows a list from its first page to the last. Each `nextLink` must stay on the configured
   * origin (the bearer token goes nowhere else) and must not repeat; any failure fails the whole
   * list, so a caller never gets a silent partial result.
   */
  async getAllPages<T>(
    firstUrl: string,
    target: LookupTarget,
    parsePage: (body: unknown, offset: number) => { value: T[]; nextLink?: string },
  ): Promise<T[]> {
    const correlationId = randomUUID();
    // One time budget for the whole list: the total timeout bounds the lookup, not each page.
    const budget = this.startBudget();
    const seen = new Set<string>();
    const items: T[] = [];
    let url: string | undefined = firstUrl;
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES) {
        throw new BatchLookupError({
          code: "InvalidResponse",
          message: `Listing ${describeTarget(target)} did not end after ${MAX_PAGES} pages; the list was abandoned rather than returned incomplete.`,
        });
      }
      seen.add(url);
      const { body } = await this.getJson(url, target, correlationId, budget);
      const parsed = parsePage(body, items.length);
      for (const item of parsed.value) items.push(item);
      url = parsed.nextLink === undefined ? undefined : this.checkNextLink(parsed.nextLink, seen, target);
    }
    return items;
  }

  /** Refuses a nextLink that leaves the ARM origin or repeats an earlier page. */
  checkNextLink(nextLink: string, seen: Set<string>, target: LookupTarget): string {
    let url: URL;
    try {
      url = new URL(nextLink);
    } catch {
      throw unsafeNextLink(target, "is not an absolute URL");
    }
    if (url.origin !== this.settings.endpoint) {
      throw unsafeNextLink(target, `points to ${url.origin}, not the configured ARM endpoint ${this.settings.endpoint}; the bearer token is sent only to the ARM endpoint`);
    }
    const normalized = url.href;
    if (seen.has(normalized) || seen.has(nextLink)) {
      throw unsafeNextLink(target, "repeats a page already read, so the list would never end");
    }
    return normalized;
  }
}

/**
 * A deep copy of the plain data a lookup returns (objects, arrays, strings, numbers, booleans),
 * as structuredClone would make it but several times faster: a program that fans out copies one
 * result for every lookup that joined a shared request.
 */
function copyData<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyData(value[i]);
    return out as T;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const item = copyData(source[key]);
    // A "__proto__" key (a tag, say) must stay an own property, as structuredClone keeps it.
    if (key === "__proto__") Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

function unsafeNextLink(target: LookupTarget, why: string): BatchLookupError {
  return new BatchLookupError({
    code: "UnsafeNextLink",
    message: `Listing ${describeTarget(target)} failed: the nextLink of a page ${why}. No partial list is returned.`,
  });
}

function parseSuccess(res: HttpResponse, target: LookupTarget): ArmResult {
  const requestId = header(res, "x-ms-request-id");
  const ids = requestId === undefined ? {} : { requestId };
  if (res.body.trim() === "") {
    throw new BatchLookupError({
      code: "InvalidResponse",
      statusCode: res.status,
      ...ids,
      message: `Reading ${describeTarget(target)} failed: Azure Resource Manager answered HTTP 200 with an empty body.`,
    });
  }
  try {
    return { body: JSON.parse(res.body) as unknown, ...ids };
  } catch (err) {
    throw new BatchLookupError({
      code: "InvalidResponse",
      statusCode: res.status,
      ...ids,
      message: `Reading ${describeTarget(target)} failed: the HTTP 200 body is not valid JSON (${(err as Error).message}).`,
    });
  }
}

function finalError(outcome: HttpResponse | TransportError, target: LookupTarget, attempts: number, totalMs: number): BatchLookupError {
  if (!(outcome instanceof TransportError)) return errorFromResponse(outcome, target, attempts);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  if (outcome.failure === "aborted") {
    return new BatchLookupError({
      code: "RequestTimeout",
      message: `Reading ${describeTarget(target)} failed: no answer within the total timeout of ${totalMs} ms${tries}.`,
    });
  }
  return new BatchLookupError({
    code: outcome.failure === "timeout" ? "RequestTimeout" : "ConnectionFailed",
    message: `Reading ${describeTarget(target)} failed${tries}: ${outcome.message}.`,
    cause: outcome,
  });
}

function deadlineError(target: LookupTarget, attempts: number, totalMs: number): BatchLookupError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : attempts === 1 ? " after 1 attempt" : " (no request was sent: still waiting for an access token or a free request slot)";
  return new BatchLookupError({
    code: "RequestTimeout",
    message: `Reading ${describeTarget(target)} failed: no answer within the total timeout of ${totalMs} ms${tries}.`,
  });
}

/** Resolves as `promise`, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

function withSuffix(err: BatchLookupError, suffix: string): BatchLookupError {
  const init: ConstructorParameters<typeof BatchLookupError>[0] = { code: err.code, message: err.message + suffix };
  if (err.statusCode !== undefined) init.statusCode = err.statusCode;
  if (err.target !== undefined) init.target = err.target;
  if (err.details !== undefined) init.details = err.details;
  if (err.requestId !== undefined) init.requestId = err.requestId;
  if (err.correlationId !== undefined) init.correlationId = err.correlationId;
  return new BatchLookupError(init);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
