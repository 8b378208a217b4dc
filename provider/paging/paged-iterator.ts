// The shape of a paged list as Azure SDK clients return it (`PagedAsyncIterableIterator` of
// @azure/core-paging, in the form the TypeSpec-generated clients declare, whose pages carry their
// continuation token): items with `for await`, pages with `byPage()`, and `byPage({
// continuationToken })` resuming after a page already read. Declared here structurally, so the
// package needs no dependency for it; a type test holds it assignable to core-paging's.

/** How `byPage` reads: where to resume, and how many items a page may hold (where the operation lets a caller choose). */
export interface PageSettings {
  /** A page's `continuationToken`: the iteration resumes with the page after it. */
  continuationToken?: string;
  /** The most items a page holds (Resource Graph's `$top`, 1 to 1,000); ARM's nextLink lists do not take one. */
  maxPageSize?: number;
}

/** A page: its items, and the token that resumes the iteration after it (absent on the last page). */
export type ContinuablePage<TElement, TPage = TElement[]> = TPage & { continuationToken?: string };

/** A list read as the Azure SDK reads one: `for await` over the items, `byPage()` over the pages. */
export interface PagedAsyncIterableIterator<TElement, TPage = TElement[], TPageSettings extends PageSettings = PageSettings> {
  next(): Promise<IteratorResult<TElement>>;
  /** Ends the iteration early (a `break` out of `for await` calls it): the read of the next page, if under way, is aborted. */
  return(value?: unknown): Promise<IteratorResult<TElement>>;
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<TElement, TPage, TPageSettings>;
  byPage: (settings?: TPageSettings) => AsyncIterableIterator<ContinuablePage<TElement, TPage>>;
}

/** One page as a reader yields it, before it becomes a `ContinuablePage`. */
export interface ReadPage<T> {
  items: T[];
  continuationToken?: string;
}

/**
 * A paged iterator over `read`, which yields the pages from `settings` on. `read` checks its
 * settings when called (a bad token or page size throws from `byPage` at once); requests start
 * with the first `next()`.
 */
export function pagedIterator<T>(read: (settings: PageSettings) => AsyncGenerator<ReadPage<T>>): PagedAsyncIterableIterator<T> {
  const byPage = (settings: PageSettings = {}): AsyncGenerator<ContinuablePage<T>> => continuable(read(settings));
  let items: AsyncGenerator<T> | undefined;
  const all = (): AsyncGenerator<T> => {
    items ??= flatten(read({}));
    return items;
  };
  const iterator: PagedAsyncIterableIterator<T> = {
    next: () => all().next(),
    return: async (value) => {
      await all().return(undefined);
      return { done: true, value };
    },
    [Symbol.asyncIterator]: () => iterator,
    byPage,
  };
  return iterator;
}

async function* continuable<T>(pages: AsyncGenerator<ReadPage<T>>): AsyncGenerator<ContinuablePage<T>> {
  for await (const page of pages) {
    const out = page.items as ContinuablePage<T>;
    if (page.continuationToken !== undefined) out.continuationToken = page.continuationToken;
    yield out;
  }
}

async function* flatten<T>(pages: AsyncGenerator<ReadPage<T>>): AsyncGenerator<T> {
  for await (const page of pages) yield* page.items;
}
