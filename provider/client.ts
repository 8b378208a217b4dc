// BatchLookupClient: one pipeline, one HTTP transport (a pooled keep-alive node:https Agent) and one
// in-flight bound, shared by every lookup given the client. `send` reads one ARM resource as JSON;
// `collect` follows a list from page to page under the list's caps. Later operations (another
// URL, a POST with a JSON body, another paging scheme) reuse both, and with them the deadline,
// caps, retries, logging and the token's origin check.

import { randomUUID } from "node:crypto";
import type { HttpHeaders, Pipeline } from "@azure/core-rest-pipeline";
import { armAdvice, describeTarget, errorFromResponse, type LookupTarget } from "./arm/response-errors";
import { type ClientOptions, type ResolvedClientOptions, resolveClientOptions } from "./client-options";
import { InflightRequests, Limiter } from "./concurrency";
import { GuardedCredential } from "./credential";
import { BatchLookupError } from "./errors";
import { corePipeline } from "./pipeline/azure-core";
import { createLookupPipeline } from "./pipeline/create-pipeline";
import { NextLinkGuard } from "./pipeline/next-link";
import { NodeHttpClient } from "./pipeline/node-http-client";
import { type ByteLimit, type LookupBudget, setRequestContext, startBudget } from "./pipeline/request-context";

const VERSION = "0.1.0";

/** The transport and in-flight bound a client uses; default clients share them by configuration. */
export interface ClientResources {
  httpClient: NodeHttpClient;
  limiter: Limiter;
}

/** One request of an operation. */
export interface OperationRequest {
  method?: "GET" | "POST";
  url: string;
  /** A JSON body (POST). */
  body?: unknown;
  /** What the request reads, as errors name it. */
  what: string;
  /** What to check next for a failed answer. */
  advise?: (status: number, code: string) => string;
  /** The lookup's time budget (a list's pages share one). Default: a new one. */
  budget?: LookupBudget;
  byteLimit?: ByteLimit;
  /** Sent as x-ms-correlation-request-id: one per lookup, shared by its pages and attempts. Default: a new one. */
  correlationId?: string;
}

export interface OperationResult {
  body: unknown;
  /** Bytes of the body, decoded. */
  bytes: number;
  requestId?: string;
  /** The answer's headers (a paging scheme may read its quota or completeness from them). */
  headers: HttpHeaders;
}

/** One page of a list, as an operation's page parser returns it. */
export interface Page<T> {
  value: T[];
  /** The request for the next page, if any (for ARM, a checked nextLink). */
  next?: OperationRequest;
}

/**
 * Several lists that make one listing (the pages of each batch of a Resource Graph query, the
 * subscriptions of an ARM fan-out): one deadline, one correlation id, and the list caps
 * (`limits.maxListAccounts`, `limits.maxListBytes`) counted over all of them.
 */
export interface Listing {
  budget: LookupBudget;
  correlationId: string;
  /** Items and bytes read so far by the lists of this listing. */
  items: number;
  bytes: number;
}

export function createHttpClient(resolved: ResolvedClientOptions): NodeHttpClient {
  // As many connections as requests the limiter lets through: with more, a request that follows
  // a finished one often opens (and TLS-handshakes) a new connection before the old one is idle.
  return new NodeHttpClient({
    timeouts: resolved.timeouts,
    maxSockets: resolved.maxConcurrentRequests,
    ...(resolved.ca === undefined ? {} : { ca: resolved.ca }),
    ...(resolved.proxy === undefined ? {} : { proxy: resolved.proxy }),
  });
}

/**
 * A client for the Batch account lookups: pass it as `opts.client` to `getBatchAccount`,
 * `listBatchAccounts` and their Output forms, and `close()` it when done. Lookups without a
 * client use a default client for their configuration.
 */
export class BatchLookupClient {
  /** The ARM origin. */
  readonly endpoint: string;
  /** The resolved options (defaults applied). */
  readonly options: ResolvedClientOptions;
  readonly #resources: ClientResources;
  readonly #ownsResources: boolean;
  readonly #pipeline: Pipeline;
  readonly #shared = new InflightRequests<unknown>();
  #closed = false;

  constructor(options: ClientOptions = {}, shared?: { resolved: ResolvedClientOptions; resources: ClientResources }) {
    this.options = shared?.resolved ?? resolveClientOptions(options);
    this.endpoint = this.options.endpoint;
    this.#resources = shared?.resources ?? {
      httpClient: createHttpClient(this.options),
      limiter: new Limiter(this.options.maxConcurrentRequests),
    };
    this.#ownsResources = shared === undefined;
    this.#pipeline = createLookupPipeline({
      endpoint: this.endpoint,
      credential: new GuardedCredential(this.options.credential.credential, this.options.retry.totalTimeoutMs),
      scope: this.options.scope,
      limiter: this.#resources.limiter,
      retry: this.options.retry,
      timeouts: this.options.timeouts,
      userAgentPrefix: `azure-batch-lookup/${VERSION}`,
    });
  }

  /** The in-flight bound this client's requests wait on. */
  get limiter(): Limiter {
    return this.#resources.limiter;
  }

  /** A time budget of `retry.totalTimeoutMs`, starting now. */
  startBudget(): LookupBudget {
    return startBudget(this.options.retry.totalTimeoutMs);
  }

  /** Runs `task` once for all concurrent callers with the same key; each joiner gets its own copy. */
  shared<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#shared.run(key, task, copyData) as Promise<T>;
  }

  /** Sends one request through the pipeline and parses the JSON body of its 200 answer. */
  async send(op: OperationRequest): Promise<OperationResult> {
    if (this.#closed) {
      throw new BatchLookupError({ code: "ClientClosed", message: `Reading ${op.what} failed: the BatchLookupClient was closed.` });
    }
    const request = corePipeline().createPipelineRequest({
      url: op.url,
      method: op.method ?? "GET",
      timeout: this.options.timeouts.attemptMs,
    });
    request.headers.set("accept", "application/json");
    request.headers.set("x-ms-correlation-request-id", op.correlationId ?? randomUUID());
    if (op.body !== undefined) {
      request.headers.set("content-type", "application/json");
      request.body = JSON.stringify(op.body);
    }
    const context = {
      what: op.what,
      advise: op.advise ?? (() => ""),
      budget: op.budget ?? this.startBudget(),
      byteLimit: op.byteLimit ?? {
        bytes: this.options.limits.maxResponseBytes,
        code: "ResponseTooLarge",
        option: "limits.maxResponseBytes",
      },
      attempts: 0,
      bytesRead: 0,
    };
    setRequestContext(request, context);
    const response = await this.#pipeline.sendRequest(this.#resources.httpClient, request);
    const requestId = response.headers.get("x-ms-request-id");
    const ids = requestId === undefined ? {} : { requestId };
    // A byte order mark is not JSON, but RFC 8259 (8.1) lets a reader ignore it.
    const body = response.bodyAsText ?? "";
    const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
    if (text.trim() === "") {
      throw new BatchLookupError({
        code: "InvalidResponse",
        statusCode: response.status,
        ...ids,
        message: `Reading ${op.what} failed: Azure Resource Manager answered HTTP 200 with an empty body.`,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (err) {
      throw new BatchLookupError({
        code: "InvalidResponse",
        statusCode: response.status,
        ...ids,
        message: `Reading ${op.what} failed: the HTTP 200 body is not valid JSON (${(err as Error).message}).`,
      });
    }
    if (isErrorEnvelope(parsed)) {
      // A gateway's or a service's error with the wrong status: an error, never data.
      throw errorFromResponse(response, op.what, context.attempts, op.advise, "Azure Resource Manager answered HTTP 200 with an error: ");
    }
    return { body: parsed, bytes: context.bytesRead, headers: response.headers, ...ids };
  }

  /** GETs one ARM resource. */
  getJson(url: string, target: LookupTarget): Promise<OperationResult> {
    return this.send({ url, what: describeTarget(target), advise: armAdvice(target) });
  }

  /** A listing that starts now: its lists share one deadline, correlation id and the list caps. */
  startListing(): Listing {
    return { budget: this.startBudget(), correlationId: randomUUID(), items: 0, bytes: 0 };
  }

  /**
   * Follows a list from its first request to its last page, all under one time budget and the
   * list caps (`limits.maxListAccounts`, `limits.maxListBytes`); any failure fails the whole
   * list, so a caller never gets a silent partial result. `identify` gives an item's identity:
   * a list that returns one item twice fails. With `listing`, the list is one of several that
   * share its deadline, correlation id and caps.
   */
  async collect<T>(
    first: OperationRequest,
    parsePage: (body: unknown, offset: number, result: OperationResult) => Page<T>,
    identify: (item: T) => string,
    listing?: Listing,
  ): Promise<T[]> {
    const { maxListAccounts, maxListBytes, maxResponseBytes } = this.options.limits;
    const tally = listing ?? {
      budget: first.budget ?? this.startBudget(),
      correlationId: first.correlationId ?? randomUUID(),
      items: 0,
      bytes: 0,
    };
    const budget = first.budget ?? tally.budget;
    const correlationId = first.correlationId ?? tally.correlationId;
    const seen = new Set<string>();
    const items: T[] = [];
    for (let op: OperationRequest | undefined = first; op !== undefined; ) {
      const bytes = tally.bytes;
      const left = maxListBytes - bytes;
      const byteLimit: ByteLimit =
        left < maxResponseBytes
          ? {
              bytes: left,
              code: "ListTooLarge",
              option: `limits.maxListBytes: ${maxListBytes} bytes for the whole list, ${bytes} read before this page`,
            }
          : { bytes: maxResponseBytes, code: "ResponseTooLarge", option: "limits.maxResponseBytes" };
      const result = await this.send({ ...op, budget, byteLimit, correlationId });
      tally.bytes += result.bytes;
      // Lists of one listing read side by side each had the room left when they started.
      if (tally.bytes > maxListBytes) {
        throw new BatchLookupError({
          code: "ListTooLarge",
          message: `Listing ${first.what} failed: the list passed ${maxListBytes} bytes (limits.maxListBytes: ${tally.bytes} read); no partial list is returned.`,
        });
      }
      const page = parsePage(result.body, items.length, result);
      if (tally.items + page.value.length > maxListAccounts) {
        throw new BatchLookupError({
          code: "ListTooLarge",
          message: `Listing ${first.what} failed: the list has more than ${maxListAccounts} items (limits.maxListAccounts); no partial list is returned.`,
        });
      }
      for (const item of page.value) {
        const id = identify(item).toLowerCase();
        if (seen.has(id)) {
          throw new BatchLookupError({
            code: "InvalidResponse",
            message: `Listing ${first.what} failed: the server returned ${JSON.stringify(identify(item))} twice (a page was repeated, or the list changed while it was read); no partial list is returned.`,
          });
        }
        seen.add(id);
        items.push(item);
      }
      tally.items += page.value.length;
      op = page.next;
    }
    return items;
  }

  /** Follows an ARM list by its `nextLink`s: each must stay on the endpoint's origin and must not repeat a page. */
  getAllPages<T extends { id: string }>(
    firstUrl: string,
    target: LookupTarget,
    parsePage: (body: unknown, offset: number) => { value: T[]; nextLink?: string },
    listing?: Listing,
  ): Promise<T[]> {
    const what = describeTarget(target);
    const advise = armAdvice(target);
    const guard = new NextLinkGuard(this.endpoint, what);
    guard.visit(firstUrl);
    return this.collect<T>(
      { url: firstUrl, what, advise },
      (body, offset) => {
        const page = parsePage(body, offset);
        if (page.nextLink === undefined) return { value: page.value };
        const url = guard.check(page.nextLink);
        guard.visit(url);
        return { value: page.value, next: { url, what, advise } };
      },
      (item) => item.id,
      listing,
    );
  }

  /** Closes the connections this client owns; later lookups with it fail with `ClientClosed`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsResources) await this.#resources.httpClient.close();
  }
}

/** A body that is only ARM's error envelope: {"error": {"code": ..., "message": ...}}. */
function isErrorEnvelope(body: unknown): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const error = (body as { error?: unknown }).error;
  return keys.length === 1 && keys[0] === "error" && typeof error === "object" && error !== null && ("code" in error || "message" in error);
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
