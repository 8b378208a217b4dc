// Listing, azure-batch-lookup paged: listBatchAccountsPaged's pages as they arrive, every account
// kept (the same work as list-ours, which reads the same pages into one array).
import { fail, report } from "./report";

const lookup = require("azure-batch-lookup") as typeof import("../../provider");

async function main(): Promise<void> {
  const started = performance.now();
  const accounts: import("../../provider").BatchAccount[] = [];
  for await (const page of lookup.listBatchAccountsPaged().byPage()) for (const account of page) accounts.push(account);
  report({ items: accounts.length, workMs: performance.now() - started });
}

main().catch(fail);
