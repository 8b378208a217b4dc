// The unit of the library's ARM calls: an operation (Batch Account Get, Batch Account List,
// Subscriptions List, a Resource Graph query) declares its requests, how its answers are parsed,
// what it reads (to name in errors), what to check next when it fails, and where a server's
// requested wait comes from. The client sends them through one pipeline and builds every error
// at its boundary.

import type { HttpHeaders, PipelineResponse } from "@azure/core-rest-pipeline";

/** One request of an operation. */
export interface OperationRequest {
  method?: "GET" | "POST";
  url: string;
  /** A JSON body (POST). */
  body?: unknown;
  /** What the request reads, as errors name it. */
  what: string;
  /** What to check next for a failed answer (status, ARM error code): a sentence, or "". */
  advise?: (status: number, code: string) => string;
  /** How long the server asked to wait before another attempt. Default: Retry-After and Azure's millisecond forms. */
  retryAfter?: (response: PipelineResponse) => number | undefined;
}

/** A 200 answer, its JSON body parsed. */
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

/** A list: its first request, how each page is parsed, and an item's identity (an item listed twice fails the list). */
export interface ListOperation<T> {
  first: OperationRequest;
  /** `offset` numbers the items across pages in errors. */
  parsePage(body: unknown, offset: number, result: OperationResult): Page<T>;
  identify(item: T): string;
  /**
   * The request for the page a continuation token names (a nextLink of this list, for ARM),
   * checked as a nextLink is; throws InvalidArgument for a token of another list or origin.
   */
  resume?(continuationToken: unknown): OperationRequest;
  /** The continuation token of the page after one whose `next` is `next`. */
  tokenOf?(next: OperationRequest): string;
}
