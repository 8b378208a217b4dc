// npm run bench: azure-batch-lookup against its peers on the local ARM emulator (loopback HTTPS),
// side by side in one run, reported as ratios of medians. See bench/README.md; the latest figures
// are in bench/RESULTS.md, written by the run.
//
//   node dist/bench/run.js [--quick] [--only=1,2,3,4,tenant,growth] [--growth-sizes=1000,10000] [--help]
//
// The emulator runs in this process; every contender runs in a fresh Node.js child process. This
// file is the command line only (bench.ts runs the parts).

import { parseArgs } from "node:util";
import { PART_IDS, runBench } from "./bench";

export const USAGE = `usage: node dist/bench/run.js [--quick] [--only=PARTS] [--growth-sizes=N,...]

  --quick           fewer runs per contender, for a smoke test (bench/RESULTS.md is left as it is)
  --only=PARTS      only these parts, comma-separated: 1 cold start, 2 list 10,000, 3 fan-out, 4 pulumi preview,
                    tenant (200 subscriptions x 50 accounts), growth (tenant listing and audit at 1,000, 10,000, 100,000 accounts),
                    audit (the estate audit of 200 subscriptions x 50 accounts x 5 pools)
  --growth-sizes=N  the growth part's estate sizes, comma-separated account counts (default 1000,10000,100000;
                    1000,10000 with --quick)
  --help            this text`;

export interface BenchCommandLine {
  help: boolean;
  quick: boolean;
  only?: string[];
  growthSizes?: number[];
}

/** Parses the flags; throws an Error with the usage on a bad one. */
export function parseBenchArgs(argv: string[]): BenchCommandLine {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "growth-sizes": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const only = values.only?.split(",").map((p) => p.trim());
  const unknown = only?.find((p) => !PART_IDS.includes(p));
  if (unknown !== undefined) throw new Error(`--only: no part ${JSON.stringify(unknown)} (parts are ${PART_IDS.join(", ")})\n${USAGE}`);
  const growthSizes = values["growth-sizes"]?.split(",").map((s) => Number(s.trim()));
  if (growthSizes?.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--growth-sizes: account counts are integers >= 1 (got ${values["growth-sizes"]})\n${USAGE}`);
  }
  return { help: values.help === true, quick: values.quick, only, growthSizes };
}

async function main(argv: string[]): Promise<number> {
  let commandLine: BenchCommandLine;
  try {
    commandLine = parseBenchArgs(argv);
  } catch (err) {
    const fromParseArgs = String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`${(err as Error).message}${fromParseArgs ? `\n${USAGE}` : ""}\n`);
    return 2;
  }
  if (commandLine.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const results = await runBench(commandLine);
  return results.failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
