// Part 4, `pulumi preview` with the real CLI (scripts/stack/driver: Automation API inline
// program, file backend, isolated PULUMI_HOME): 50 lookups against 50 constant outputs.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EMULATOR_TOKEN, type RunningEmulator } from "../../emulator";
import { accountRefs, BENCH_SUBSCRIPTION_ID, type BenchContext, medianOf, REPO_ROOT } from "../context";
import { fmtMs, measure, type Samples } from "../harness";
import { type PartOutcome, type PreviewResults, targetRow } from "../results";

const PART = "4 pulumi preview";
const LOOKUPS = 50;

interface PreviewRun {
  engineMs: number;
  requests: number;
}

export async function preview(ctx: BenchContext, emu: RunningEmulator): Promise<PartOutcome<PreviewResults>> {
  // Loaded here, not at the top: the other parts do not need the Pulumi SDK.
  const driver = require("../../scripts/stack/driver") as typeof import("../../scripts/stack/driver");
  driver.pulumiBinDir(); // the CLI, or ensure-pulumi.sh's explanation of why it is missing
  const accounts = accountRefs(emu, LOOKUPS);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-bench-"));
  const run = (program: string) => async (): Promise<PreviewRun> => {
    emu.clearStats();
    const result = await driver.runStack({
      dir: path.join(REPO_ROOT, "bench", "preview"),
      operation: "preview",
      stackName: "bench",
      program: path.join(__dirname, "..", "preview", `${program}.js`),
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
    if (endpoints === undefined || Object.keys(endpoints).length !== LOOKUPS) {
      throw new Error(`pulumi preview (${program}): expected ${LOOKUPS} endpoints, got ${JSON.stringify(result.outputs).slice(0, 300)}`);
    }
    return { engineMs: result.durationMs, requests: emu.stats().total };
  };
  const iterations = ctx.quick ? 3 : 7;
  const warmup = 1;
  ctx.log(`4. pulumi preview with ${LOOKUPS} lookups vs ${LOOKUPS} constants: ${iterations} previews each after ${warmup} warm-up preview`);
  try {
    const samples = await measure(
      [
        { name: `preview, ${LOOKUPS} getBatchAccountOutput`, run: run("lookups") },
        { name: `preview, ${LOOKUPS} constant outputs`, run: run("constants") },
      ],
      { iterations, warmup },
    );
    const [withLookups, withConstants] = samples as [Samples<PreviewRun>, Samples<PreviewRun>];
    const engine = (s: Samples<PreviewRun>) => medianOf(s, (r) => r.engineMs);
    const ratio = withLookups.medianMs / withConstants.medianMs;
    return {
      results: {
        lookups: LOOKUPS,
        iterations,
        warmup,
        medianMs: { lookups: withLookups.medianMs, constants: withConstants.medianMs },
        medianEngineMs: { lookups: engine(withLookups), constants: engine(withConstants) },
        httpRequests: { lookups: withLookups.results.map((r) => r.requests), constants: withConstants.results.map((r) => r.requests) },
        ratios: { lookupsVsConstants: ratio },
      },
      rows: [targetRow("previewVsConstants", fmtMs(withLookups.medianMs), fmtMs(withConstants.medianMs), ratio)],
      details: samples.map((s) => ({
        part: PART,
        contender: s.name,
        median: fmtMs(s.medianMs),
        note: `${medianOf(s, (r) => r.requests)} requests; engine ${fmtMs(engine(s))}`,
      })),
    };
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}
