// ArmClient: what every lookup sends its operations through: one pipeline, one HTTP transport and
// one in-flight bound. `send` sends one request of an operation and parses the JSON body of its
// 200 answer; `collect` follows a list operation from page to page under the listing's caps.
// Whatever ends a request becomes the lookup's error here, at the boundary (arm/lookup-errors.ts).
// Each BatchLookupClient has one (client.ts), and so has each default configuration
// (default-clients.ts), which share their transport and in-flight bound.

import { randomUUID } from "node:crypto";
import { setImmediate } from "node:timers/promises";
import type { HttpClient, HttpHeaders, Pipeline, PipelineResponse } from "@azure/core-rest-pipeline";
import { BatchLookupError } from "../errors";
import type { ListOperation, OperationRequest, OperationResult, Page } from "../operations/operation";
import { corePipeline } from "../pipeline/azure-core";
import { createLookupPipeline } from "../pipeline/create-pipeline";
import { NodeHttpClient } from "../pipeline/node-http-client";
import { type LookupBudget, type OwnedBudget, setRequestSettings, startBudget } from "../pipeline/request-settings";
import type { ResolvedClientOptions } from "../settings/client-options";
import { InflightRequests, Limiter } from "./concurrency";
import { ListCaps, type ResponseCap } from "./list-caps";
import { answerError, type FailedRead, failureError } from "./lookup-errors";
import { packageVersion } from "./package-version";
import { errorFromResponse } from "./response-errors";

/** The transport and in-flight bound an ARM client uses; default clients share them by configuration. */
export interface ClientResources {
  httpClient: NodeHttpClient;
  limiter: Limiter;
}

/** Where a request belongs: its lookup's deadline and correlation id, and the cap of its answer. */
export interface RequestScope {
  budget?: LookupBudget;
  /** Sent as x-ms-correlation-request-id: one per lookup, shared by its pages and attempts. */
  correlationId?: string;
  cap?: ResponseCap;
}

/**
 * Several lists that make one listing (the pages of each batch of a Resource Graph query, the
 * subscriptions of an ARM fan-out): one deadline, one correlation id, and one owner of the list
 * caps (`limits.maxListAccounts`, `limits.maxListBytes`) that every page reserves from.
 */
export interface Listing {
  budget: LookupBudget;
  correlationId: string;
  caps: ListCaps;
}

/** A listing its owner ends when it is over (its deadline timer goes). */
export interface OwnedListing extends Listing {
  end(): void;
}

/** A transport and an in-flight bound of their own, for one client. */
export function createClientResources(resolved: ResolvedClientOptions): ClientResources {
  return { httpClient: createHttpClient(resolved), limiter: new Limiter(resolved.maxConcurrentRequests) };
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

/** Sends operations through one pipeline, transport and in-flight bound. */
export class ArmClient {
  /** The ARM origin. */
  readonly endpoint: string;
  /** The resolved options (defaults applied). */
  readonly options: ResolvedClientOptions;
  readonly #resources: ClientResources;
  readonly #ownsResources: boolean;
  readonly #pipeline: Pipeline;
  readonly #shared = new InflightRequests<unknown>();
  #closed = false;

  /** `ownsResources`: `close()` closes the transport (it is not shared with other clients). */
  constructor(resolved: ResolvedClientOptions, resources: ClientResources, ownsResources: boolean) {
    this.options = resolved;
    this.endpoint = resolved.endpoint;
    this.#resources = resources;
    this.#ownsResources = ownsResources;
    this.#pipeline = createLookupPipeline({
      endpoint: this.endpoint,
      credential: this.options.credential.create({
        shared: this.#resources.httpClient,
        direct: () =>
          new NodeHttpClient({ timeouts: resolved.timeouts, maxSockets: 1, ...(resolved.ca === undefined ? {} : { ca: resolved.ca }) }),
      }),
      scope: this.options.scope,
      limiter: this.#resources.limiter,
      retry: this.options.retry,
      timeouts: this.options.timeouts,
      userAgentPrefix: `azure-batch-lookup/${packageVersion()}`,
    });
  }

  /** The in-flight bound this client's requests wait on. */
  get limiter(): Limiter {
    return this.#resources.limiter;
  }

  /** A time budget of `retry.totalTimeoutMs`, starting now. */
  startBudget(): OwnedBudget {
    return startBudget(this.options.retry.totalTimeoutMs);
  }

  /** Runs `task` once for all concurrent callers with the same key; each joiner gets its own copy. */
  shared<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#shared.run(key, task, copyData) as Promise<T>;
  }

  /** Sends one request of an operation and parses the JSON body of its 200 answer. */
  async send(op: OperationRequest, scope: RequestScope = {}): Promise<OperationResult> {
    return (await this.#answer(op, scope)).parsed();
  }

  /** One request of an operation and its 200 answer, whose body is parsed when first read. */
  async #answer(op: OperationRequest, scope: RequestScope): Promise<JsonAnswer> {
    if (this.#closed) {
      throw new BatchLookupError({ code: "ClientClosed", message: `Reading ${op.what} failed: the BatchLookupClient was closed.` });
    }
    const own = scope.budget === undefined ? this.startBudget() : undefined;
    try {
      return await this.#send(op, scope, scope.budget ?? own!);
    } finally {
      own?.end();
    }
  }

  async #send(op: OperationRequest, scope: RequestScope, budget: LookupBudget): Promise<JsonAnswer> {
    const read: FailedRead = {
      what: op.what,
      advise: op.advise ?? (() => ""),
      attempts: 0,
      totalTimeoutMs: budget.totalTimeoutMs,
      cap: scope.cap ?? { bytes: this.options.limits.maxResponseBytes, code: "ResponseTooLarge", option: "limits.maxResponseBytes" },
    };
    const request = corePipeline().createPipelineRequest({
      url: op.url,
      method: op.method ?? "GET",
      timeout: this.options.timeouts.attemptMs,
    });
    request.headers.set("accept", "application/json");
    request.headers.set("x-ms-correlation-request-id", scope.correlationId ?? randomUUID());
    if (op.body !== undefined) {
      request.headers.set("content-type", "application/json");
      request.body = JSON.stringify(op.body);
    }
    setRequestSettings(request, {
      budget,
      maxBodyBytes: read.cap.bytes,
      ...(op.retryAfter === undefined ? {} : { retryAfter: op.retryAfter }),
    });
    // Every request that reaches the transport is an attempt (a retry, an authentication re-send).
    const transport = this.#resources.httpClient;
    const counted: HttpClient = {
      sendRequest: (req) => {
        read.attempts++;
        return transport.sendRequest(req);
      },
    };
    let response: PipelineResponse;
    try {
      response = await this.#pipeline.sendRequest(counted, request);
    } catch (err) {
      throw failureError(err, read);
    }
    if (response.status !== 200) throw answerError(response, read);
    return new JsonAnswer(response, read);
  }

  /** A listing that starts now: its lists share one deadline, correlation id and the list caps. */
  startListing(): OwnedListing {
    const budget = this.startBudget();
    return { budget, correlationId: randomUUID(), caps: new ListCaps(this.options.limits), end: budget.end };
  }

  /**
   * Follows a list from its first request to its last page, all under one time budget and the
   * list caps (`limits.maxListAccounts`, `limits.maxListBytes`); any failure fails the whole
   * list, so a caller never gets a silent partial result. A list that returns one item twice
   * fails. With `listing`, the list is one of several that share its deadline, correlation id
   * and caps.
   */
  async collect<T>(list: ListOperation<T>, listing?: Listing): Promise<T[]> {
    const own = listing === undefined ? this.startListing() : undefined;
    try {
      const items: T[] = [];
      for await (const page of this.pages(list, listing ?? own!)) for (const item of page.value) items.push(item);
      return items;
    } finally {
      own?.end();
    }
  }

  /**
   * The pages of a list as they are read, from `start` (a checked continuation) or its first
   * request on, under the listing's caps; each page is checked before it is yielded, and a failure
   * ends the iteration with that error. `pageBudget`: every page gets the time budget of a lookup
   * of its own (a caller may take its time between pages), instead of the listing's one deadline.
   *
   * The request for the next page is sent as soon as a page's link to it is read (from the text
   * of its body, before it is parsed, where the list can), and runs while the page is parsed and
   * used: one request of the list is in flight at a time, as without it. When the iteration ends
   * early (a failure, or a caller that stops), that request is aborted and its outcome ignored.
   */
  async *pages<T>(
    list: ListOperation<T>,
    listing: Listing,
    options: { start?: OperationRequest; pageBudget?: boolean } = {},
  ): AsyncGenerator<Page<T>> {
    const what = list.first.what;
    const stop = new AbortController();
    const seen = new Set<string>();
    let offset = 0;
    let reading: Promise<OperationResult> | undefined = this.#readPage(options.start ?? list.first, listing, options.pageBudget);
    try {
      while (reading !== undefined) {
        const result = await reading;
        reading = undefined;
        listing.caps.reserve(result.bytes, 0, what);
        const next = list.nextOf(result);
        if (next !== undefined) {
          reading = this.#readPage(next, listing, options.pageBudget, stop.signal);
          // Awaited on the next turn, or abandoned (and aborted) when the iteration ends first.
          reading.catch(() => {});
          // The pipeline's policies run as promise jobs, which a parse holding the thread would
          // hold back: one turn of the event loop puts the request on the wire first.
          await setImmediate();
        }
        const value = list.parseItems(result, offset);
        listing.caps.reserve(0, value.length, what);
        for (const item of value) {
          const id = list.identify(item).toLowerCase();
          if (seen.has(id)) {
            throw new BatchLookupError({
              code: "InvalidResponse",
              message: `Listing ${what} failed: the server returned ${JSON.stringify(list.identify(item))} twice (a page was repeated, or the list changed while it was read); no partial list is returned.`,
            });
          }
          seen.add(id);
        }
        offset += value.length;
        yield next === undefined ? { value } : { value, next };
      }
    } finally {
      if (reading !== undefined) stop.abort();
    }
  }

  /** One page of a listing, under its own budget (`pageBudget`) or the listing's, also ended by `stop`. */
  async #readPage(op: OperationRequest, listing: Listing, pageBudget = false, stop?: AbortSignal): Promise<OperationResult> {
    const own = pageBudget ? this.startBudget() : undefined;
    const budget = own ?? listing.budget;
    try {
      return await this.#answer(op, {
        budget: stop === undefined ? budget : { ...budget, deadline: AbortSignal.any([budget.deadline, stop]) },
        correlationId: listing.correlationId,
        cap: listing.caps.nextResponseCap(),
      });
    } finally {
      own?.end();
    }
  }

  /** Closes the connections this client owns; later requests fail with `ClientClosed`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsResources) await this.#resources.httpClient.close();
  }
}

/**
 * A 200 answer whose JSON body is parsed when first read; an empty body, a body that is not JSON,
 * or an error envelope fails then.
 */
class JsonAnswer implements OperationResult {
  readonly text: string;
  readonly bytes: number;
  readonly headers: HttpHeaders;
  readonly requestId?: string;
  readonly #response: PipelineResponse;
  readonly #read: FailedRead;
  #body: unknown;
  #parsed = false;

  constructor(response: PipelineResponse, read: FailedRead) {
    const text = response.bodyAsText ?? "";
    // A byte order mark is not JSON, but RFC 8259 (8.1) lets a reader ignore it.
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.bytes = Buffer.byteLength(text);
    this.headers = response.headers;
    const requestId = response.headers.get("x-ms-request-id");
    if (requestId !== undefined) this.requestId = requestId;
    this.#response = response;
    this.#read = read;
  }

  /** This answer, its body parsed (a failure throws now). */
  parsed(): this {
    this.body;
    return this;
  }

  get body(): unknown {
    if (!this.#parsed) {
      this.#body = parseJsonBody(this.text, this.#response, this.#read, this.requestId);
      this.#parsed = true;
    }
    return this.#body;
  }
}

function parseJsonBody(text: string, response: PipelineResponse, read: FailedRead, requestId: string | undefined): unknown {
  const ids = requestId === undefined ? {} : { requestId };
  if (text.trim() === "") {
    throw new BatchLookupError({
      code: "InvalidResponse",
      statusCode: response.status,
      ...ids,
      message: `Reading ${read.what} failed: Azure Resource Manager answered HTTP 200 with an empty body.`,
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
      message: `Reading ${read.what} failed: the HTTP 200 body is not valid JSON (${(err as Error).message}).`,
    });
  }
  if (isErrorEnvelope(parsed)) {
    // A gateway's or a service's error with the wrong status: an error, never data.
    throw errorFromResponse(response, read.what, read.attempts, read.advise, "Azure Resource Manager answered HTTP 200 with an error: ");
  }
  return parsed;
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
