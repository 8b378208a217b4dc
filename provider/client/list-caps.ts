// The caps of one listing (`limits.maxListAccounts`, `limits.maxListBytes`), owned by one object
// that every list of the listing reserves its pages from: lists read side by side share it, and
// a listing that reads its result again restarts it.

import { BatchLookupError } from "../errors";

/** A byte cap of one response and the option that sets it, to name in the error. */
export interface ResponseCap {
  bytes: number;
  /** The error code when it is passed: ResponseTooLarge or ListTooLarge. */
  code: "ResponseTooLarge" | "ListTooLarge";
  /** The option that sets this cap, such as `limits.maxResponseBytes`. */
  option: string;
}

export interface ListLimits {
  maxListAccounts: number;
  maxListBytes: number;
  maxResponseBytes: number;
}

export class ListCaps {
  readonly #limits: ListLimits;
  #items = 0;
  #bytes = 0;

  constructor(limits: ListLimits) {
    this.#limits = limits;
  }

  get items(): number {
    return this.#items;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The cap of the next response: the per-response cap, or what the list has left, whichever is smaller. */
  nextResponseCap(): ResponseCap {
    const { maxListBytes, maxResponseBytes } = this.#limits;
    const left = Math.max(0, maxListBytes - this.#bytes);
    if (left >= maxResponseBytes) return { bytes: maxResponseBytes, code: "ResponseTooLarge", option: "limits.maxResponseBytes" };
    return {
      bytes: left,
      code: "ListTooLarge",
      option: `limits.maxListBytes: ${maxListBytes} bytes for the whole list, ${this.#bytes} read before this page`,
    };
  }

  /**
   * Counts a page of `items` items in `bytes` bytes; fails when the listing passes a cap (lists
   * read side by side each had the room left when they started, so together they can pass it).
   */
  reserve(bytes: number, items: number, what: string): void {
    const { maxListAccounts, maxListBytes } = this.#limits;
    this.#bytes += bytes;
    if (this.#bytes > maxListBytes) {
      throw new BatchLookupError({
        code: "ListTooLarge",
        message: `Listing ${what} failed: the list passed ${maxListBytes} bytes (limits.maxListBytes: ${this.#bytes} read); no partial list is returned.`,
      });
    }
    if (this.#items + items > maxListAccounts) {
      throw new BatchLookupError({
        code: "ListTooLarge",
        message: `Listing ${what} failed: the list has more than ${maxListAccounts} items (limits.maxListAccounts); no partial list is returned.`,
      });
    }
    this.#items += items;
  }

  /** Forgets what was read: the listing reads its result again. */
  restart(): void {
    this.#items = 0;
    this.#bytes = 0;
  }
}
