// Listing, azure-batch-lookup: listBatchAccounts follows every page and returns the parsed models.
import { fail, report } from "./report";

const lookup = require("azure-batch-lookup") as typeof import("../../provider");

async function main(): Promise<void> {
  const started = performance.now();
  const { value } = await lookup.listBatchAccounts();
  report({ items: value.length, workMs: performance.now() - started });
}

main().catch(fail);
