// What the parts share: the bench's data set (one subscription of generated accounts in the shared
// emulator), the environment every contender gets, and small helpers over contender runs.

import * as path from "node:path";
import { EMULATOR_TOKEN, type RunningEmulator } from "../emulator";
import { type ChildRun, contenderPath, median, runChild, type Samples } from "./harness";

export const BENCH_SUBSCRIPTION_ID = "b3c1a6d2-0e4f-4a5b-8c7d-9e0f1a2b3c4d";
/** Accounts of the shared emulator's subscription (part 2 lists them all). */
export const LIST_COUNT = 10_000;
/** ARM list page size of the shared emulator. */
export const PAGE_SIZE = 100;

export const REPO_ROOT = path.join(__dirname, "..", "..");

/** How a part runs: quick (a smoke test) or full, and where it reports progress. */
export interface BenchContext {
  quick: boolean;
  log(text: string): void;
}

/** Resource group and name of the first `n` accounts of the bench subscription. */
export function accountRefs(emu: RunningEmulator, n: number): Array<{ resourceGroupName: string; accountName: string }> {
  return emu
    .listAccounts({ subscriptionId: BENCH_SUBSCRIPTION_ID })
    .slice(0, n)
    .map((a) => {
      const m = /resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/.exec(a.id)!;
      return { resourceGroupName: m[1]!, accountName: m[2]! };
    });
}

/** The environment of a contender: the emulator's endpoint, CA and token (read by every contender alike). */
export function contenderEnv(emu: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ARM_RESOURCE_MANAGER_ENDPOINT: emu.url,
    NODE_EXTRA_CA_CERTS: emu.caCertPath!,
    AZURE_BATCH_LOOKUP_TOKEN: EMULATOR_TOKEN,
    ARM_SUBSCRIPTION_ID: BENCH_SUBSCRIPTION_ID,
    ...extra,
  };
}

/** One measured run of a contender script, checked by `check`. */
export function childRunner(name: string, env: Record<string, string>, check: (run: ChildRun) => void): () => Promise<ChildRun> {
  return async () => {
    const run = await runChild(contenderPath(name), env);
    check(run);
    return run;
  };
}

/** The median of one figure over a contender's runs. */
export function medianOf<R>(s: Samples<R>, pick: (r: R) => number): number {
  return median(s.results.map(pick));
}
