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

/** A 200 answer with a JSON body. */
export interface OperationResult {
  /**
   * The body, parsed on first read (a list reads the link to its next page from `text` first, so
   * the next request is under way while this one is parsed). A body that is not JSON, or is only
   * ARM's error envelope, throws the lookup's InvalidResponse or ARM error here.
   */
  readonly body: unknown;
  /** The body as it came, decoded. */
  readonly text: string;
  /** Bytes of the body, decoded. */
  bytes: number;
  requestId?: string;
  /** The answer's headers (a paging scheme may read its quota or completeness from them). */
  headers: HttpHeaders;
}

/** One page of a list, as the client reads it: its items and the request for the page after it. */
export interface Page<T> {
  value: T[];
  /** The request for the next page, if any (for ARM, a checked nextLink). */
  next?: OperationRequest;
}

/** A list: its first request, how each page is parsed, and an item's identity (an item listed twice fails the list). */
export interface ListOperation<T> {
  first: OperationRequest;
  /**
   * The request for the page after the one `result` answered (undefined at the last page), read
   * before the page's items so that the client sends it while it parses them. A link it cannot
   * read is left to `parseItems`, which names it in its error.
   */
  nextOf(result: OperationResult): OperationRequest | undefined;
  /** The items of the page `result` answered; `offset` numbers the items across pages in errors. */
  parseItems(result: OperationResult, offset: number): T[];
  identify(item: T): string;
  /**
   * The request for the page a continuation token names (a nextLink of this list, for ARM),
   * checked as a nextLink is; throws InvalidArgument for a token of another list or origin.
   */
  resume?(continuationToken: unknown): OperationRequest;
  /** The continuation token of the page after one whose `next` is `next`. */
  tokenOf?(next: OperationRequest): string;
}
