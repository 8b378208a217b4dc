// Fan-out inside one Pulumi program, under Pulumi's mock runtime: 1,000 getBatchAccountOutput
// lookups over 100 distinct accounts.
//   node fanout.js together    creates all 1,000 Outputs at once, as a program does, then awaits them
//   node fanout.js sequential  issues the same 1,000 lookups one after another (nothing to share)
// The driver counts the HTTP requests on the emulator; this process reports the lookups' wall time.
import type * as PulumiModule from "@pulumi/pulumi";
import { env, fail, report } from "./report";

const pulumi = require("@pulumi/pulumi") as typeof PulumiModule;
const lookup = require("azure-batch-lookup") as typeof import("../../provider");

interface AccountRef {
  resourceGroupName: string;
  accountName: string;
}

/** The value of an Output, as a Promise (mocks run applies; preview is off). */
function resolvedValue<T>(output: PulumiModule.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const lookups = Number(env("BENCH_FANOUT_LOOKUPS"));
  const accounts = JSON.parse(env("BENCH_FANOUT_ACCOUNTS")) as AccountRef[];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    "bench",
    "fanout",
    false,
  );
  const args = (i: number): AccountRef => accounts[i % accounts.length]!;
  // The request path's packages (@azure/core-rest-pipeline, node:https) load with the first client, once
  // per process, the same for both modes: like @pulumi/pulumi, they are loaded before the clock
  // starts, by a client that is closed before it sends anything (it opens no connection).
  await new lookup.BatchLookupClient().close();
  const ids: string[] = [];
  const started = performance.now();
  if (mode === "together") {
    const outputs = Array.from({ length: lookups }, (_, i) => lookup.getBatchAccountOutput(args(i)));
    for (const account of await Promise.all(outputs.map(resolvedValue))) ids.push(account.id);
  } else if (mode === "sequential") {
    for (let i = 0; i < lookups; i++) ids.push((await resolvedValue(lookup.getBatchAccountOutput(args(i)))).id);
  } else {
    throw new Error(`usage: fanout.js together|sequential (got ${mode})`);
  }
  const workMs = performance.now() - started;
  for (let i = 0; i < lookups; i++) {
    if (!ids[i]!.endsWith(`/resourceGroups/${args(i).resourceGroupName}/providers/Microsoft.Batch/batchAccounts/${args(i).accountName}`)) {
      throw new Error(`lookup ${i} returned ${ids[i]}`);
    }
  }
  report({ items: ids.length, distinct: new Set(ids).size, workMs });
}

main().catch(fail);
