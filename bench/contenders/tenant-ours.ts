// Tenant listing, azure-batch-lookup: every Batch account of the tenant in one listBatchAccounts.
//   node tenant-ours.js resourceGraph   through Azure Resource Graph (one query, $skipToken pages)
//   node tenant-ours.js arm             Subscriptions - List, then Batch Account - List per subscription (8 at a time)
// BENCH_LIST_LIMITS (JSON, optional): the `limits` option, for estates past the default list caps.
import { fail, report } from "./report";

const lookup = require("azure-batch-lookup") as typeof import("../../provider");

async function main(): Promise<void> {
  const source = process.argv[2];
  if (source !== "resourceGraph" && source !== "arm") throw new Error(`usage: tenant-ours.js resourceGraph|arm (got ${source})`);
  const limits = process.env.BENCH_LIST_LIMITS ? JSON.parse(process.env.BENCH_LIST_LIMITS) : undefined;
  const started = performance.now();
  const { value } = await lookup.listBatchAccounts({ scope: "tenant", source }, limits === undefined ? undefined : { limits });
  report({ items: value.length, workMs: performance.now() - started });
}

main().catch(fail);
