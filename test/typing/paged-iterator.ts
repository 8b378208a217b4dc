// Compiled by `npm run typecheck`: the paged forms are assignable to @azure/core-paging's
// PagedAsyncIterableIterator (the type Azure SDK users hold lists in), their pages to the element
// arrays core-paging's byPage gives, with the continuation token on each page; and a wrong element
// type is refused (so these checks can fail).
import type { PagedAsyncIterableIterator as CorePaged, PageSettings as CorePageSettings } from "@azure/core-paging";
import {
  type BatchAccount,
  type BatchPool,
  type DiagnosticSetting,
  listBatchAccountsPaged,
  listBatchPoolsPaged,
  listDiagnosticSettingsPaged,
  listPrivateDnsZoneGroupsPaged,
  type PagedAsyncIterableIterator,
  type PageSettings,
  type PrivateDnsZoneGroup,
} from "../../provider";

export const accounts: CorePaged<BatchAccount, BatchAccount[], CorePageSettings> = listBatchAccountsPaged({ scope: "tenant" });
export const pools: CorePaged<BatchPool, BatchPool[], CorePageSettings> = listBatchPoolsPaged({
  accountName: "a",
  resourceGroupName: "rg",
});
export const settings: CorePaged<DiagnosticSetting> = listDiagnosticSettingsPaged({ resourceUri: "/subscriptions/x" });
export const groups: CorePaged<PrivateDnsZoneGroup> = listPrivateDnsZoneGroupsPaged({ privateEndpointId: "/subscriptions/x" });

// Our settings are core-paging's, both ways.
export const toCore: CorePageSettings = {} as PageSettings;
export const fromCore: PageSettings = {} as CorePageSettings;

export async function pageTokens(list: PagedAsyncIterableIterator<BatchAccount>): Promise<(string | undefined)[]> {
  const tokens: (string | undefined)[] = [];
  for await (const page of list.byPage({ maxPageSize: 100 })) {
    const items: BatchAccount[] = page;
    tokens.push(page.continuationToken, items[0]?.id);
  }
  for await (const account of list) tokens.push(account.name);
  return tokens;
}

// @ts-expect-error: the items are Batch accounts, not pools.
export const wrong: CorePaged<BatchPool> = listBatchAccountsPaged();
