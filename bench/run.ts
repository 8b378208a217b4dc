// npm run bench: azure-batch-lookup against its peers on the local ARM emulator (loopback HTTPS),
// side by side in one run, reported as ratios of medians. See bench/README.md.
//
//   node dist/bench/run.js [--quick] [--only=1,2,3,4,tenant] [--help]
//
// The emulator runs in this process; every contender runs in a fresh Node.js child process.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { EMULATOR_TOKEN, type RunningEmulator, startEmulator, tenantSubscriptionIds } from "../emulator";
import { type ChildRun, contenderPath, fmtMiB, fmtMs, fmtRatio, measure, median, runChild, type Samples } from "./harness";
import { auditEstatePart } from "./parts/audit-estate";

const BENCH_SUBSCRIPTION_ID = "b3c1a6d2-0e4f-4a5b-8c7d-9e0f1a2b3c4d";
const LIST_COUNT = 10_000;
const PAGE_SIZE = 100;
const FANOUT_LOOKUPS = 1_000;
const FANOUT_ACCOUNTS = 100;
const PREVIEW_LOOKUPS = 50;
const TENANT_SUBSCRIPTIONS = 200;
const TENANT_ACCOUNTS_PER_SUBSCRIPTION = 50;
const TENANT_ACCOUNTS = TENANT_SUBSCRIPTIONS * TENANT_ACCOUNTS_PER_SUBSCRIPTION;
/** Server time per request in the tenant part's second measurement (loopback has none). */
const TENANT_LATENCY_MS = 100;

const REPO_ROOT = path.join(__dirname, "..", "..");
const RESULTS_FILE = path.join(REPO_ROOT, "bench", "results.json");

const USAGE = `usage: node dist/bench/run.js [--quick] [--only=PARTS]

  --quick        fewer runs per contender, for a smoke test
  --only=PARTS   only these parts, comma-separated: 1 cold start, 2 list 10,000, 3 fan-out, 4 pulumi preview,
                 tenant (200 subscriptions x 50 accounts), audit (the audit of 200 x 50 accounts x 5 pools)
  --help         this text`;

const PART_IDS = ["1", "2", "3", "4", "tenant", "audit"];

function parseCommandLine(argv: string[]): { quick: boolean; only: string[] | undefined } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const only = values.only?.split(",").map((p) => p.trim());
  const unknown = only?.find((p) => !PART_IDS.includes(p));
  if (unknown !== undefined) throw new Error(`--only: no part ${JSON.stringify(unknown)} (parts are ${PART_IDS.join(", ")})\n${USAGE}`);
  return { quick: values.quick, only };
}

let commandLine: ReturnType<typeof parseCommandLine>;
try {
  commandLine = parseCommandLine(process.argv.slice(2));
} catch (err) {
  const fromParseArgs = String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
  process.stderr.write(`${(err as Error).message}${fromParseArgs ? `\n${USAGE}` : ""}\n`);
  process.exit(2);
}
const { quick, only } = commandLine;

/** One line of the results table: a target, ours against its baseline. */
interface Row {
  part: string;
  measure: string;
  ours: string;
  baseline: string;
  ratio: number | undefined;
  target: string;
  met: boolean | undefined;
}

/** One contender's medians, for the details table. */
interface Detail {
  part: string;
  contender: string;
  median: string;
  note: string;
}

const rows: Row[] = [];
const details: Detail[] = [];
const results: Record<string, unknown> = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: os.cpus().length,
  loadAverageAtStart: os.loadavg(),
  date: new Date().toISOString(),
  quick,
};

/** A row of the summary: a ratio, checked against `limit` when it has a target. */
function target(part: string, measureName: string, ours: string, baseline: string, ratio: number, limit?: number): void {
  rows.push({
    part,
    measure: measureName,
    ours,
    baseline,
    ratio,
    target: limit === undefined ? "–" : `≤ ${limit}`,
    met: limit === undefined ? undefined : ratio <= limit,
  });
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function wanted(part: string): boolean {
  return only === undefined || only.includes(part);
}

/** Resource group and name of the first `n` accounts of the bench subscription. */
function accountRefs(emu: RunningEmulator, n: number): Array<{ resourceGroupName: string; accountName: string }> {
  return emu
    .listAccounts({ subscriptionId: BENCH_SUBSCRIPTION_ID })
    .slice(0, n)
    .map((a) => {
      const m = /resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/.exec(a.id)!;
      return { resourceGroupName: m[1]!, accountName: m[2]! };
    });
}

/** The environment of a contender: the emulator's endpoint, CA and token (read by every contender alike). */
function contenderEnv(emu: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ARM_RESOURCE_MANAGER_ENDPOINT: emu.url,
    NODE_EXTRA_CA_CERTS: emu.caCertPath!,
    AZURE_BATCH_LOOKUP_TOKEN: EMULATOR_TOKEN,
    ARM_SUBSCRIPTION_ID: BENCH_SUBSCRIPTION_ID,
    ...extra,
  };
}

function childRunner(name: string, env: Record<string, string>, check: (run: ChildRun) => void): () => Promise<ChildRun> {
  return async () => {
    const run = await runChild(contenderPath(name), env);
    check(run);
    return run;
  };
}

const medianOf = <R>(s: Samples<R>, pick: (r: R) => number): number => median(s.results.map(pick));

// ---- 1. cold start ------------------------------------------------------------------------------

async function coldStart(emu: RunningEmulator): Promise<void> {
  const [ref] = accountRefs(emu, 1);
  const env = contenderEnv(emu, { BENCH_RESOURCE_GROUP: ref!.resourceGroupName, BENCH_ACCOUNT_NAME: ref!.accountName });
  const same = (run: ChildRun) => {
    if (typeof run.report.id !== "string" || !run.report.id.endsWith(`/batchAccounts/${ref!.accountName}`)) {
      throw new Error(`cold start: got ${String(run.report.id)}`);
    }
  };
  const iterations = quick ? 7 : 31;
  const warmup = 3;
  log(`1. cold start of one getBatchAccount: ${iterations} runs per contender after ${warmup} warm-up runs`);
  const samples = await measure(
    [
      { name: "azure-batch-lookup", run: childRunner("cold-ours", env, same) },
      { name: "@azure/arm-batch", run: childRunner("cold-sdk", env, same) },
      { name: "fetch + JSON.parse", run: childRunner("cold-fetch", env, same) },
    ],
    { iterations, warmup },
  );
  const [ours, sdk, floor] = samples as [Samples<ChildRun>, Samples<ChildRun>, Samples<ChildRun>];
  const exitMs = (s: Samples<ChildRun>) => medianOf(s, (r) => r.wallMs - Number(r.report.uptimeMs));
  results.coldStart = {
    iterations,
    warmup,
    medianProcessMs: { ours: ours.medianMs, sdk: sdk.medianMs, floor: floor.medianMs },
    medianCpuMs: {
      ours: medianOf(ours, (r) => Number(r.report.cpuMs)),
      sdk: medianOf(sdk, (r) => Number(r.report.cpuMs)),
      floor: medianOf(floor, (r) => Number(r.report.cpuMs)),
    },
    medianExitMs: { ours: exitMs(ours), sdk: exitMs(sdk), floor: exitMs(floor) },
    medianMaxRssBytes: {
      ours: medianOf(ours, (r) => r.report.maxRssBytes),
      sdk: medianOf(sdk, (r) => r.report.maxRssBytes),
      floor: medianOf(floor, (r) => r.report.maxRssBytes),
    },
    ratios: { oursVsSdk: ours.medianMs / sdk.medianMs, oursVsFloor: ours.medianMs / floor.medianMs },
  };
  target(
    "1 cold start",
    "process wall time vs @azure/arm-batch",
    fmtMs(ours.medianMs),
    fmtMs(sdk.medianMs),
    ours.medianMs / sdk.medianMs,
    0.75,
  );
  target(
    "1 cold start",
    "process wall time vs fetch + JSON.parse (floor)",
    fmtMs(ours.medianMs),
    fmtMs(floor.medianMs),
    ours.medianMs / floor.medianMs,
    1.2,
  );
  for (const s of samples) {
    details.push({
      part: "1 cold start",
      contender: s.name,
      median: fmtMs(s.medianMs),
      note: `CPU ${fmtMs(medianOf(s, (r) => Number(r.report.cpuMs)))}, exit ${fmtMs(exitMs(s))}`,
    });
  }
}

// ---- 2. listing 10,000 accounts -----------------------------------------------------------------

async function listing(emu: RunningEmulator): Promise<void> {
  const env = contenderEnv(emu);
  const all = (run: ChildRun) => {
    if (run.report.items !== LIST_COUNT) throw new Error(`listing: expected ${LIST_COUNT} accounts, got ${String(run.report.items)}`);
  };
  const iterations = quick ? 3 : 13;
  const warmup = 1;
  log(
    `2. listing ${LIST_COUNT} accounts over ${LIST_COUNT / PAGE_SIZE} pages: ${iterations} runs per contender after ${warmup} warm-up run`,
  );
  const samples = await measure(
    [
      { name: "azure-batch-lookup", run: childRunner("list-ours", env, all) },
      { name: "@azure/arm-batch", run: childRunner("list-sdk", env, all) },
      { name: "fetch + JSON.parse", run: childRunner("list-fetch", env, all) },
      { name: "fetch + JSON.parse + spread flatten", run: childRunner("list-naive", env, all) },
    ],
    { iterations, warmup },
  );
  const [ours, sdk, floor, naive] = samples as [Samples<ChildRun>, Samples<ChildRun>, Samples<ChildRun>, Samples<ChildRun>];
  const rss = (s: Samples<ChildRun>) => medianOf(s, (r) => r.report.maxRssBytes);
  const work = (s: Samples<ChildRun>) => medianOf(s, (r) => Number(r.report.workMs));
  results.listing = {
    accounts: LIST_COUNT,
    pages: LIST_COUNT / PAGE_SIZE,
    iterations,
    warmup,
    medianProcessMs: { ours: ours.medianMs, sdk: sdk.medianMs, floor: floor.medianMs, naiveSpread: naive.medianMs },
    medianListMs: { ours: work(ours), sdk: work(sdk), floor: work(floor), naiveSpread: work(naive) },
    medianMaxRssBytes: { ours: rss(ours), sdk: rss(sdk), floor: rss(floor), naiveSpread: rss(naive) },
    ratios: {
      oursVsFloor: ours.medianMs / floor.medianMs,
      oursVsSdk: ours.medianMs / sdk.medianMs,
      rssOursVsSdk: rss(ours) / rss(sdk),
      rssOursVsFloor: rss(ours) / rss(floor),
      naiveSpreadVsFloor: naive.medianMs / floor.medianMs,
    },
  };
  target(
    "2 list 10,000",
    "process wall time vs fetch + JSON.parse (floor)",
    fmtMs(ours.medianMs),
    fmtMs(floor.medianMs),
    ours.medianMs / floor.medianMs,
    1.15,
  );
  target(
    "2 list 10,000",
    "process wall time vs @azure/arm-batch",
    fmtMs(ours.medianMs),
    fmtMs(sdk.medianMs),
    ours.medianMs / sdk.medianMs,
    0.6,
  );
  target("2 list 10,000", "peak RSS vs @azure/arm-batch", fmtMiB(rss(ours)), fmtMiB(rss(sdk)), rss(ours) / rss(sdk), 0.8);
  for (const s of samples) {
    details.push({
      part: "2 list 10,000",
      contender: s.name,
      median: fmtMs(s.medianMs),
      note: `list ${fmtMs(work(s))}, peak RSS ${fmtMiB(rss(s))}, ${fmtRatio(s.medianMs / floor.medianMs)} the floor`,
    });
  }
}

// ---- 3. fan-out inside one program ----------------------------------------------------------------

interface FanOutRun extends ChildRun {
  requests: number;
  maxInFlight: number;
}

async function fanOut(emu: RunningEmulator): Promise<void> {
  const env = contenderEnv(emu, {
    BENCH_FANOUT_LOOKUPS: String(FANOUT_LOOKUPS),
    BENCH_FANOUT_ACCOUNTS: JSON.stringify(accountRefs(emu, FANOUT_ACCOUNTS)),
  });
  const run = (mode: string) => async (): Promise<FanOutRun> => {
    emu.clearStats();
    const child = await runChild(contenderPath("fanout"), env, [mode]);
    const stats = emu.stats();
    if (child.report.items !== FANOUT_LOOKUPS || child.report.distinct !== FANOUT_ACCOUNTS) {
      throw new Error(`fan-out ${mode}: ${String(child.report.items)} results, ${String(child.report.distinct)} distinct`);
    }
    return { ...child, requests: stats.total, maxInFlight: stats.maxInFlight };
  };
  const iterations = quick ? 3 : 11;
  const warmup = 1;
  log(
    `3. fan-out: ${FANOUT_LOOKUPS} getBatchAccountOutput over ${FANOUT_ACCOUNTS} accounts under Pulumi's mocks: ${iterations} runs per mode after ${warmup} warm-up run`,
  );
  const samples = await measure(
    [
      { name: "1,000 Outputs created together", run: run("together") },
      { name: "1,000 lookups one after another", run: run("sequential") },
    ],
    { iterations, warmup },
  );
  const [together, sequential] = samples as [Samples<FanOutRun>, Samples<FanOutRun>];
  const work = (s: Samples<FanOutRun>) => medianOf(s, (r) => Number(r.report.workMs));
  const mostRequests = Math.max(...together.results.map((r) => r.requests));
  const sequentialRequests = medianOf(sequential, (r) => r.requests);
  results.fanOut = {
    lookups: FANOUT_LOOKUPS,
    distinctAccounts: FANOUT_ACCOUNTS,
    iterations,
    warmup,
    medianLookupsMs: { together: work(together), sequential: work(sequential) },
    medianProcessMs: { together: together.medianMs, sequential: sequential.medianMs },
    httpRequests: { together: together.results.map((r) => r.requests), sequential: sequential.results.map((r) => r.requests) },
    maxInFlight: { together: medianOf(together, (r) => r.maxInFlight), sequential: medianOf(sequential, (r) => r.maxInFlight) },
    ratios: {
      lookupsTogetherVsSequential: work(together) / work(sequential),
      processTogetherVsSequential: together.medianMs / sequential.medianMs,
    },
  };
  rows.push({
    part: "3 fan-out 1,000",
    measure: "HTTP requests (most in any run)",
    ours: String(mostRequests),
    baseline: String(sequentialRequests),
    ratio: mostRequests / sequentialRequests,
    target: "≤ 100 requests",
    met: mostRequests <= 100,
  });
  target(
    "3 fan-out 1,000",
    "wall time of the 1,000 lookups vs one after another",
    fmtMs(work(together)),
    fmtMs(work(sequential)),
    work(together) / work(sequential),
    0.25,
  );
  for (const s of samples) {
    details.push({
      part: "3 fan-out 1,000",
      contender: s.name,
      median: fmtMs(work(s)),
      note: `${medianOf(s, (r) => r.requests)} requests, at most ${medianOf(s, (r) => r.maxInFlight)} in flight; whole process ${fmtMs(s.medianMs)}`,
    });
  }
}

// ---- 4. pulumi preview with the real CLI ------------------------------------------------------------

async function preview(emu: RunningEmulator): Promise<void> {
  // scripts/stack/driver runs a stack with the real pulumi CLI (the program through the Automation
  // API's inline mode), each run in a fresh child process with an isolated environment.
  const driver = require("../scripts/stack/driver") as typeof import("../scripts/stack/driver");
  driver.pulumiBinDir(); // the CLI, or ensure-pulumi.sh's explanation of why it is missing
  const accounts = accountRefs(emu, PREVIEW_LOOKUPS);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-bench-"));
  const run = (program: string) => async () => {
    emu.clearStats();
    const result = await driver.runStack({
      dir: path.join(REPO_ROOT, "bench", "preview"),
      operation: "preview",
      stackName: "bench",
      program: path.join(__dirname, "preview", `${program}.js`),
      stateDir,
      inheritEnv: false,
      config: {
        accounts: JSON.stringify(accounts),
        "azure-batch-lookup:endpoint": emu.url,
        "azure-batch-lookup:token": { value: EMULATOR_TOKEN, secret: true },
        "azure-batch-lookup:subscriptionId": BENCH_SUBSCRIPTION_ID,
      },
      env: { NODE_EXTRA_CA_CERTS: emu.caCertPath! },
    });
    if (!result.ok) throw new Error(`pulumi preview (${program}) failed:\n${result.error ?? ""}\n${result.stderr}`);
    const endpoints = result.outputs.endpoints as Record<string, unknown> | undefined;
    if (endpoints === undefined || Object.keys(endpoints).length !== PREVIEW_LOOKUPS) {
      throw new Error(
        `pulumi preview (${program}): expected ${PREVIEW_LOOKUPS} endpoints, got ${JSON.stringify(result.outputs).slice(0, 300)}`,
      );
    }
    return { engineMs: result.durationMs, requests: emu.stats().total };
  };
  const iterations = quick ? 3 : 7;
  const warmup = 1;
  log(
    `4. pulumi preview with ${PREVIEW_LOOKUPS} lookups vs ${PREVIEW_LOOKUPS} constants: ${iterations} previews each after ${warmup} warm-up preview`,
  );
  try {
    const samples = await measure(
      [
        { name: `preview, ${PREVIEW_LOOKUPS} getBatchAccountOutput`, run: run("lookups") },
        { name: `preview, ${PREVIEW_LOOKUPS} constant outputs`, run: run("constants") },
      ],
      { iterations, warmup },
    );
    const [withLookups, withConstants] = samples as [
      Samples<{ engineMs: number; requests: number }>,
      Samples<{ engineMs: number; requests: number }>,
    ];
    const ratio = withLookups.medianMs / withConstants.medianMs;
    results.preview = {
      lookups: PREVIEW_LOOKUPS,
      iterations,
      warmup,
      medianMs: { lookups: withLookups.medianMs, constants: withConstants.medianMs },
      medianEngineMs: { lookups: medianOf(withLookups, (r) => r.engineMs), constants: medianOf(withConstants, (r) => r.engineMs) },
      httpRequests: { lookups: withLookups.results.map((r) => r.requests), constants: withConstants.results.map((r) => r.requests) },
      ratios: { lookupsVsConstants: ratio },
    };
    target(
      "4 pulumi preview",
      `preview with ${PREVIEW_LOOKUPS} lookups vs ${PREVIEW_LOOKUPS} constant outputs`,
      fmtMs(withLookups.medianMs),
      fmtMs(withConstants.medianMs),
      ratio,
      1.1,
    );
    for (const s of samples) {
      details.push({
        part: "4 pulumi preview",
        contender: s.name,
        median: fmtMs(s.medianMs),
        note: `${medianOf(s, (r) => r.requests)} requests; engine ${fmtMs(medianOf(s, (r) => r.engineMs))}`,
      });
    }
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

// ---- tenant: every account of 200 subscriptions ------------------------------------------------------

interface TenantRun extends ChildRun {
  requests: number;
}

async function tenant(): Promise<void> {
  const emu = await startEmulator({
    data: { subscriptions: [], accounts: [] },
    generateTenant: { subscriptions: TENANT_SUBSCRIPTIONS, accountsPerSubscription: TENANT_ACCOUNTS_PER_SUBSCRIPTION },
    maxLogEntries: 0,
  });
  try {
    const env = contenderEnv(emu, { BENCH_TENANT_SUBSCRIPTIONS: JSON.stringify(tenantSubscriptionIds(TENANT_SUBSCRIPTIONS)) });
    const run = (script: string, args: string[]) => async (): Promise<TenantRun> => {
      emu.clearStats();
      const child = await runChild(contenderPath(script), env, args);
      if (child.report.items !== TENANT_ACCOUNTS) {
        throw new Error(`tenant ${script} ${args.join(" ")}: expected ${TENANT_ACCOUNTS} accounts, got ${String(child.report.items)}`);
      }
      return { ...child, requests: emu.stats().total };
    };
    const iterations = quick ? 3 : 9;
    const warmup = 1;
    log(
      `tenant. every account of ${TENANT_SUBSCRIPTIONS} subscriptions × ${TENANT_ACCOUNTS_PER_SUBSCRIPTION} (${TENANT_ACCOUNTS}): ${iterations} runs per contender after ${warmup} warm-up run`,
    );
    const samples = await measure(
      [
        { name: "azure-batch-lookup, Resource Graph", run: run("tenant-ours", ["resourceGraph"]) },
        { name: "azure-batch-lookup, ARM fan-out (8 at a time)", run: run("tenant-ours", ["arm"]) },
        { name: "@azure/arm-batch, one subscription after another", run: run("tenant-sdk", []) },
      ],
      { iterations, warmup },
    );
    const [graph, fan, sdk] = samples as [Samples<TenantRun>, Samples<TenantRun>, Samples<TenantRun>];
    const work = (s: Samples<TenantRun>) => medianOf(s, (r) => Number(r.report.workMs));
    const rss = (s: Samples<TenantRun>) => medianOf(s, (r) => r.report.maxRssBytes);
    const requests = (s: Samples<TenantRun>) => medianOf(s, (r) => r.requests);
    results.tenant = {
      subscriptions: TENANT_SUBSCRIPTIONS,
      accounts: TENANT_ACCOUNTS,
      iterations,
      warmup,
      httpRequests: {
        resourceGraph: graph.results.map((r) => r.requests),
        armFanOut: fan.results.map((r) => r.requests),
        sdk: sdk.results.map((r) => r.requests),
      },
      medianListMs: { resourceGraph: work(graph), armFanOut: work(fan), sdk: work(sdk) },
      medianProcessMs: { resourceGraph: graph.medianMs, armFanOut: fan.medianMs, sdk: sdk.medianMs },
      medianMaxRssBytes: { resourceGraph: rss(graph), armFanOut: rss(fan), sdk: rss(sdk) },
      ratios: {
        requestsGraphVsFanOut: requests(graph) / requests(fan),
        listGraphVsFanOut: work(graph) / work(fan),
        listGraphVsSdk: work(graph) / work(sdk),
        processGraphVsFanOut: graph.medianMs / fan.medianMs,
        rssGraphVsFanOut: rss(graph) / rss(fan),
        rssGraphVsSdk: rss(graph) / rss(sdk),
      },
    };
    const part = "tenant 10,000 in 200 subs";
    const addDetails = (list: Samples<TenantRun>[]): void => {
      for (const s of list) {
        details.push({
          part,
          contender: s.name,
          median: fmtMs(work(s)),
          note: `${requests(s)} requests, peak RSS ${fmtMiB(rss(s))}; whole process ${fmtMs(s.medianMs)}`,
        });
      }
    };
    target(
      part,
      "HTTP requests, Resource Graph vs ARM fan-out",
      String(requests(graph)),
      String(requests(fan)),
      requests(graph) / requests(fan),
      0.1,
    );
    target(
      part,
      "wall time of the listing, Resource Graph vs ARM fan-out",
      fmtMs(work(graph)),
      fmtMs(work(fan)),
      work(graph) / work(fan),
      0.5,
    );
    target(
      part,
      "wall time of the listing, Resource Graph vs @azure/arm-batch looping",
      fmtMs(work(graph)),
      fmtMs(work(sdk)),
      work(graph) / work(sdk),
    );
    target(part, "peak RSS, Resource Graph vs ARM fan-out", fmtMiB(rss(graph)), fmtMiB(rss(fan)), rss(graph) / rss(fan));
    target(part, "peak RSS, Resource Graph vs @azure/arm-batch looping", fmtMiB(rss(graph)), fmtMiB(rss(sdk)), rss(graph) / rss(sdk));
    addDetails(samples);

    // Loopback answers at once, so the listing is bound by the bytes both sources move alike. The
    // same two listings again with a fixed server time per request (a slow-headers fault on every
    // request), where the number of round trips shows.
    emu.injectFault({ kind: "slow-headers", delayMs: TENANT_LATENCY_MS, route: "any" });
    log(`tenant, with ${TENANT_LATENCY_MS} ms of server time per request: ${iterations} runs per contender after ${warmup} warm-up run`);
    const slow = await measure(
      [
        { name: `azure-batch-lookup, Resource Graph, ${TENANT_LATENCY_MS} ms a request`, run: run("tenant-ours", ["resourceGraph"]) },
        { name: `azure-batch-lookup, ARM fan-out (8 at a time), ${TENANT_LATENCY_MS} ms a request`, run: run("tenant-ours", ["arm"]) },
      ],
      { iterations, warmup },
    );
    emu.faults.clear();
    const [slowGraph, slowFan] = slow as [Samples<TenantRun>, Samples<TenantRun>];
    (results.tenant as Record<string, unknown>).withLatency = {
      latencyMs: TENANT_LATENCY_MS,
      medianListMs: { resourceGraph: work(slowGraph), armFanOut: work(slowFan) },
      httpRequests: { resourceGraph: slowGraph.results.map((r) => r.requests), armFanOut: slowFan.results.map((r) => r.requests) },
      ratios: { listGraphVsFanOut: work(slowGraph) / work(slowFan) },
    };
    target(
      part,
      `wall time of the listing with ${TENANT_LATENCY_MS} ms a request, Resource Graph vs ARM fan-out`,
      fmtMs(work(slowGraph)),
      fmtMs(work(slowFan)),
      work(slowGraph) / work(slowFan),
      0.5,
    );
    addDetails(slow);
  } finally {
    await emu.stop();
  }
}

// ---- report ---------------------------------------------------------------------------------------

function tables(): string {
  const main = [
    "| part | measure | ours | baseline | ratio | target | met |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.part} | ${r.measure} | ${r.ours} | ${r.baseline} | ${r.ratio === undefined ? "–" : fmtRatio(r.ratio)} | ${r.target} | ${r.met === undefined ? (r.target === "–" && r.ratio !== undefined ? "–" : "not run") : r.met ? "yes" : "**no**"} |`,
    ),
  ];
  const more = [
    "| part | contender | median | also |",
    "| --- | --- | ---: | --- |",
    ...details.map((d) => `| ${d.part} | ${d.contender} | ${d.median} | ${d.note} |`),
  ];
  return `${main.join("\n")}\n\n${more.join("\n")}`;
}

async function main(): Promise<void> {
  log(
    `azure-batch-lookup bench: Node.js ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}${quick ? " (quick)" : ""}`,
  );
  const parts: Array<[string, string, (emu: RunningEmulator) => Promise<void>]> = [
    ["1", "1 cold start", coldStart],
    ["2", "2 list 10,000", listing],
    ["3", "3 fan-out 1,000", fanOut],
    ["4", "4 pulumi preview", preview],
  ];
  // The tenant part starts its own emulator (200 subscriptions); the others share this one.
  const emu = parts.some(([id]) => wanted(id))
    ? await startEmulator({
        pageSize: PAGE_SIZE,
        generate: { count: LIST_COUNT, subscriptionId: BENCH_SUBSCRIPTION_ID },
        maxLogEntries: 0,
      })
    : undefined;
  parts.push(["tenant", "tenant 10,000 in 200 subs", () => tenant()]);
  parts.push([
    "audit",
    "audit 200 subs x 50 accounts x 5 pools",
    async () => {
      results.audit = await auditEstatePart(log);
    },
  ]);
  const failures: string[] = [];
  try {
    for (const [id, name, part] of parts) {
      if (!wanted(id)) continue;
      try {
        await part(emu!);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${name}: FAILED\n${message}`);
        failures.push(`${name}: ${message}`);
        rows.push({
          part: name,
          measure: "failed (see bench/results.json)",
          ours: "–",
          baseline: "–",
          ratio: undefined,
          target: "–",
          met: undefined,
        });
      }
    }
  } finally {
    await emu?.stop();
  }
  results.table = rows;
  results.details = details;
  results.failures = failures;
  results.loadAverageAtEnd = os.loadavg();
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `\n${tables()}\n\nMedians of whole runs; ratios are ours / baseline, measured side by side in this run. ` +
      `Node.js ${process.version}, ${os.cpus().length} CPUs. Written to bench/results.json.\n`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
