/** The emulator's Resource Graph settings: page sizes, the tenant subscription limit, truncation. */
import { MAX_ROWS_PER_PAGE } from "../provider/tenant/resource-graph-request";

export interface ResourceGraphSettings {
  /** Rows per page when the request sets no `$top` (default 100, ARG's default). */
  defaultPageSize: number;
  /** Subscriptions a tenant or management group query covers at most (default 10000, ARG's limit). */
  tenantSubscriptionLimit: number;
  /** Rows per page at most, whatever `$top` asks (default 1000): ARG also returns fewer rows when a page would be too large. */
  maxRowsPerPage: number;
  /** Answer as ARG does to a query it cannot page: the first page only, resultTruncated "true", no $skipToken (default false). */
  truncateResults: boolean;
  /**
   * Bytes of row JSON per page at most (at least one row a page; default: no limit): pages of
   * rows of different sizes then hold different numbers of rows, as ARG's size-limited pages do.
   */
  maxPageBytes?: number;
}

export const DEFAULT_RESOURCE_GRAPH_SETTINGS: ResourceGraphSettings = Object.freeze({
  defaultPageSize: 100,
  tenantSubscriptionLimit: 10_000,
  maxRowsPerPage: MAX_ROWS_PER_PAGE,
  truncateResults: false,
});

export function validateResourceGraphSettings(s: Partial<ResourceGraphSettings>): Partial<ResourceGraphSettings> {
  if (
    s.defaultPageSize !== undefined &&
    (!Number.isInteger(s.defaultPageSize) || s.defaultPageSize < 1 || s.defaultPageSize > MAX_ROWS_PER_PAGE)
  ) {
    throw new Error(
      `resourceGraph.defaultPageSize must be an integer from 1 to ${MAX_ROWS_PER_PAGE} (got ${JSON.stringify(s.defaultPageSize)})`,
    );
  }
  if (s.tenantSubscriptionLimit !== undefined && (!Number.isInteger(s.tenantSubscriptionLimit) || s.tenantSubscriptionLimit < 1)) {
    throw new Error(`resourceGraph.tenantSubscriptionLimit must be an integer >= 1 (got ${JSON.stringify(s.tenantSubscriptionLimit)})`);
  }
  if (
    s.maxRowsPerPage !== undefined &&
    (!Number.isInteger(s.maxRowsPerPage) || s.maxRowsPerPage < 1 || s.maxRowsPerPage > MAX_ROWS_PER_PAGE)
  ) {
    throw new Error(
      `resourceGraph.maxRowsPerPage must be an integer from 1 to ${MAX_ROWS_PER_PAGE} (got ${JSON.stringify(s.maxRowsPerPage)})`,
    );
  }
  if (s.truncateResults !== undefined && typeof s.truncateResults !== "boolean") {
    throw new Error(`resourceGraph.truncateResults must be a boolean (got ${JSON.stringify(s.truncateResults)})`);
  }
  if (s.maxPageBytes !== undefined && (!Number.isInteger(s.maxPageBytes) || s.maxPageBytes < 1)) {
    throw new Error(`resourceGraph.maxPageBytes must be an integer >= 1 (got ${JSON.stringify(s.maxPageBytes)})`);
  }
  return s;
}
