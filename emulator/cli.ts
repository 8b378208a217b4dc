#!/usr/bin/env node
/**
 * Command line: `npx azure-batch-lookup-emulator [options]` where the package is installed (its
 * `bin`), `npm run emulator -- [options]` in a clone (after `npm run build`).
 * Starts the emulator, prints how to use it, runs until Ctrl-C.
 */
import { parseArgs } from "node:util";
import { EMULATOR_API_VERSION } from "./constants";
import type { GenerateOptions } from "./generate";
import { startEmulator } from "./server";
import type { EmulatorOptions, RunningEmulator } from "./types";

export const USAGE = `Usage: azure-batch-lookup-emulator [options]
       (npx azure-batch-lookup-emulator where azure-batch-lookup is installed; npm run emulator -- in a clone)

Local Azure Resource Manager emulator for Batch accounts (api-version ${EMULATOR_API_VERSION}).

Options:
  --host HOST               loopback address: 127.0.0.1 (default), ::1 or localhost
  --port N                  port (default 0: a free port)
  --http                    plain HTTP instead of HTTPS
  --page-size N             accounts per list page (default 100)
  --empty-pages N           empty pages served before each page of accounts (default 0)
  --data FILE               data file (default: the official examples' accounts and accounts covering every property)
  --generate N              add N generated, fully populated accounts
  --generate-subscription ID  subscription of the generated accounts (default 0b5e7c1a-0000-4000-8000-00000000be7c)
  --subscriptions N         add a generated tenant of N subscriptions (with --accounts-per-subscription)
  --accounts-per-subscription M  accounts in each generated subscription (default 10)
  --management-groups K     management groups over the generated subscriptions (default: one per 100)
  --tenant-seed N           seed of the generated subscription ids (default 1)
  --pools-per-account N     generated accounts also get N pools each, diagnostic settings and
                            private DNS zone groups
  --graph-quota N           Resource Graph queries per user per 5 s window (default 10000)
  --token TOKEN             the accepted token (replaces the default tokens)
  --accept-any-token        accept any bearer token
  --ca-file FILE            where to write the CA certificate (default: a temporary file)
  --api-version V           supported api-version (repeatable; default ${EMULATOR_API_VERSION})
  --seed N                  seed for probabilistic faults
  --help                    this text
`;

/** Default subscription of `--generate`. */
export const GENERATED_SUBSCRIPTION_ID = "0b5e7c1a-0000-4000-8000-00000000be7c";

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a non-negative integer (got ${JSON.stringify(value)})`);
  return n;
}

/** Parses command line arguments into emulator options; undefined for --help. */
export function parseCliArgs(argv: string[]): EmulatorOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      http: { type: "boolean" },
      "page-size": { type: "string" },
      "empty-pages": { type: "string" },
      data: { type: "string" },
      generate: { type: "string" },
      "generate-subscription": { type: "string" },
      subscriptions: { type: "string" },
      "accounts-per-subscription": { type: "string" },
      "pools-per-account": { type: "string" },
      "management-groups": { type: "string" },
      "tenant-seed": { type: "string" },
      "graph-quota": { type: "string" },
      token: { type: "string" },
      "accept-any-token": { type: "boolean" },
      "ca-file": { type: "string" },
      "api-version": { type: "string", multiple: true },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const options: EmulatorOptions = {
    host: values.host,
    port: integer("port", values.port),
    https: !values.http,
    pageSize: integer("page-size", values["page-size"]),
    emptyPages: integer("empty-pages", values["empty-pages"]),
    data: values.data,
    caCertPath: values["ca-file"],
    apiVersions: values["api-version"],
    seed: integer("seed", values.seed),
    acceptAnyToken: values["accept-any-token"],
  };
  if (values.token) options.tokens = [{ token: values.token }];
  const poolsPerAccount = integer("pools-per-account", values["pools-per-account"]);
  const estate = poolsPerAccount === undefined ? {} : { poolsPerAccount, estate: true };
  const count = integer("generate", values.generate);
  if (count !== undefined && count > 0) {
    const gen: GenerateOptions = { count, subscriptionId: values["generate-subscription"] ?? GENERATED_SUBSCRIPTION_ID, ...estate };
    options.generate = gen;
  }
  const subscriptions = integer("subscriptions", values.subscriptions);
  if (subscriptions !== undefined && subscriptions > 0) {
    options.generateTenant = {
      subscriptions,
      accountsPerSubscription: integer("accounts-per-subscription", values["accounts-per-subscription"]) ?? 10,
      managementGroups: integer("management-groups", values["management-groups"]),
      seed: integer("tenant-seed", values["tenant-seed"]),
      ...estate,
    };
  }
  const graphQuota = integer("graph-quota", values["graph-quota"]);
  if (graphQuota !== undefined) options.resourceGraph = { quota: { queries: graphQuota, windowMs: 5_000 } };
  return options;
}

/** What the CLI prints once the emulator listens. */
export function banner(emu: RunningEmulator): string {
  const subs = emu.subscriptions();
  const accounts = emu.listAccounts().length;
  const lines = [
    `Azure Batch ARM emulator listening on ${emu.url}`,
    `  api-version:     ${emu.apiVersion}`,
    `  accepted token:  ${emu.token}   (send "Authorization: Bearer <token>")`,
  ];
  if (emu.caCertPath) lines.push(`  CA certificate:  ${emu.caCertPath}`);
  if (emu.caBundleIncludes)
    lines.push(`  CA bundle:       ${emu.caBundlePath}  (${emu.caBundleIncludes}, which NODE_EXTRA_CA_CERTS named, and the emulator's CA)`);
  lines.push(
    `  admin endpoint:  ${emu.adminUrl}  (no token needed)`,
    `  data:            ${accounts} accounts in ${subs.length} subscriptions`,
  );
  for (const s of subs) {
    lines.push(`    ${s.subscriptionId}  ${s.displayName ?? ""}  [${(s.resourceGroups ?? []).map((g) => g.name).join(", ")}]`);
  }
  lines.push("", "Point the library at it:");
  for (const [k, v] of Object.entries(emu.env)) lines.push(`  export ${k}=${v}`);
  lines.push(
    "",
    "Try:",
    `  curl ${emu.caCertPath ? `--cacert ${emu.caCertPath} ` : ""}-H "Authorization: Bearer ${emu.token}" "${emu.url}/subscriptions/${emu.env.ARM_SUBSCRIPTION_ID ?? "<subscription>"}/providers/Microsoft.Batch/batchAccounts?api-version=${emu.apiVersion}"`,
    "",
    "Press Ctrl-C to stop.",
  );
  return lines.join("\n");
}

/**
 * Runs the CLI: starts the emulator and prints the banner. Returns the running emulator
 * (undefined after --help); the caller decides when to stop it.
 */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
): Promise<RunningEmulator | undefined> {
  const options = parseCliArgs(argv);
  if (!options) {
    out(USAGE);
    return undefined;
  }
  const emu = await startEmulator(options);
  out(banner(emu));
  return emu;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (emu) => {
      if (!emu) return;
      const shutdown = () => {
        process.stdout.write("\nStopping the emulator.\n");
        emu.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    },
    (err: Error) => {
      process.stderr.write(`emulator: ${err.message}\n`);
      process.exit(1);
    },
  );
}
