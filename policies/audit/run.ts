// `azure-batch-policies audit`: flags → configuration → listing → judging → report. Returns the
// exit code (0 pass, 1 a rule at the --fail-on level failed, 2 usage or configuration, 3 the
// listing failed); the bin (cli.ts) sets it.

import * as fs from "node:fs";
import * as path from "node:path";
import { type BatchAccount, BatchLookupClient, BatchLookupError, listBatchAccounts } from "azure-batch-lookup";
import { type BatchPolicyConfig, PolicyConfigError, validatePackConfig } from "../config";
import { ALL_POLICIES } from "../registry";
import { type AuditArgs, parseCommandLine, UsageError } from "./args";
import { compareIds } from "./compare-ids";
import { jsonWriter } from "./format-json";
import { sarifWriter } from "./format-sarif";
import { tableWriter } from "./format-table";
import { helpText } from "./help";
import { type AuditedAccount, judgeAccount, judgedRules, unjudgedPolicies } from "./judge";
import { judgeEstate } from "./judge-estate";
import { fileOutput, type ReportOutput, streamOutput } from "./output";
import { createProgress } from "./progress";
import { type AccountEstate, readEstates } from "./read-estate";
import { type ReportHeader, type ReportWriter, reportHeader, SummaryCounter } from "./report";
import { describeScope, planScope } from "./scope";

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_LISTING_FAILED = 3;

const COMMAND = "azure-batch-policies";

export interface AuditIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

function packageManifest(): { name: string; version: string } {
  // dist/audit/run.js → the package's package.json (shipped in every install).
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
}

/** The `--config` file, parsed and validated the way the pack validates --policy-pack-config. */
export function readConfigFile(file: string | undefined): BatchPolicyConfig {
  if (file === undefined) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--config ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config ${file}: not valid JSON (${(e as Error).message}).`);
  }
  try {
    return validatePackConfig(json, ALL_POLICIES);
  } catch (e) {
    if (e instanceof PolicyConfigError) throw new UsageError(`--config ${file}: ${e.message}`);
    throw e;
  }
}

// Library fields named in InvalidArgument errors, and the flag a user sets them with.
const FLAG_OF_FIELD: Record<string, string> = {
  subscriptionId: "--subscription",
  subscriptionIds: "--subscription",
  resourceGroupName: "--resource-group",
  managementGroupIds: "--management-group",
  scope: "--tenant",
  source: "--source",
  endpoint: "--endpoint",
};

/** A library error about the caller's input (bad id, missing subscription, bad endpoint) is a usage error naming the flag. */
function usageFromLookupError(e: BatchLookupError): UsageError | undefined {
  if (e.code !== "InvalidArgument" && e.code !== "InvalidConfiguration") return undefined;
  const field = (e.target ?? "").replace(/\[\d+\]$/, "");
  const flag = FLAG_OF_FIELD[field];
  return new UsageError(flag === undefined ? e.message : `${flag}: ${e.message}`);
}

function describeListingError(e: unknown): string {
  if (e instanceof BatchLookupError) {
    const extra = [e.code, e.statusCode === undefined ? undefined : `HTTP ${e.statusCode}`, e.requestId && `request id ${e.requestId}`]
      .filter(Boolean)
      .join(", ");
    return `${e.message} (${extra})`;
  }
  return e instanceof Error ? e.message : String(e);
}

function reportWriter(args: AuditArgs, header: ReportHeader): ReportWriter {
  switch (args.format) {
    case "json":
      return jsonWriter(header);
    case "sarif":
      return sarifWriter(header);
    case "table":
      return tableWriter(header, { showPassed: args.showPassed });
  }
}

function lookupClient(args: AuditArgs): BatchLookupClient {
  try {
    const limits = {
      ...(args.maxAccounts === undefined ? {} : { maxListAccounts: args.maxAccounts }),
      ...(args.maxListBytes === undefined ? {} : { maxListBytes: args.maxListBytes }),
    };
    return new BatchLookupClient({ ...(args.endpoint === undefined ? {} : { endpoint: args.endpoint }), limits });
  } catch (e) {
    // The caps are checked by the flags; the library names --endpoint's value "option".
    if (e instanceof BatchLookupError && e.target === "option") throw new UsageError(`--endpoint: ${e.message}`);
    if (e instanceof BatchLookupError) throw usageFromLookupError(e) ?? e;
    throw e;
  }
}

async function audit(args: AuditArgs, io: AuditIo): Promise<number> {
  const config = readConfigFile(args.configFile);
  const plan = planScope(args);
  const progress = createProgress(args.progress, io.stderr);
  const client = lookupClient(args);
  let output: ReportOutput | undefined;
  let complete = false;
  try {
    output = args.outputFile === undefined ? streamOutput(io.stdout) : fileOutput(args.outputFile);
    progress.listing(describeScope(plan.scope));
    const started = Date.now();
    let accounts: BatchAccount[];
    try {
      accounts = (await listBatchAccounts(plan.listArgs, { client })).value;
    } catch (e) {
      const usage = e instanceof BatchLookupError ? usageFromLookupError(e) : undefined;
      if (usage !== undefined) throw usage;
      const hint =
        e instanceof BatchLookupError && e.code === "ListTooLarge" ? "; raise the caps with --max-accounts and --max-list-bytes" : "";
      io.stderr.write(
        `${COMMAND} audit: could not list the Batch accounts in ${describeScope(plan.scope)}: ${describeListingError(e)}${hint}\n`,
      );
      return EXIT_LISTING_FAILED;
    }
    progress.listed(accounts.length, Date.now() - started);
    accounts.sort((a, b) => compareIds(a.id, b.id));

    const manifest = packageManifest();
    const writer = reportWriter(
      args,
      reportHeader({
        tool: { name: manifest.name, version: manifest.version },
        scope: plan.scope,
        source: plan.source,
        endpoint: client.endpoint,
        estate: args.accountsOnly ? "accounts-only" : "full",
        rules: judgedRules(config, args.accountsOnly),
        notJudged: unjudgedPolicies(config, args.accountsOnly),
      }),
    );
    const counter = new SummaryCounter(args.failOn);
    const out = output;
    // Each account is judged as soon as its estate is read and printed in the accounts' order, so
    // neither the estates nor the findings of the whole tenant are held.
    const judge = (account: BatchAccount, estate: AccountEstate | undefined) =>
      judgeEstate(account, judgeAccount(account, config), estate, config);
    const emit = async (audited: AuditedAccount) => {
      counter.add(audited);
      await out.write(writer.account(audited));
    };
    await out.write(writer.start());
    if (args.accountsOnly) {
      for (const [i, account] of accounts.entries()) {
        await emit(judge(account, undefined));
        progress.judged(i + 1, accounts.length);
      }
    } else {
      try {
        await readEstates(accounts, client, judge, emit, (done) => progress.read(done, accounts.length));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        const { partlyPrinted } = out.abandon();
        io.stderr.write(
          `${COMMAND} audit: could not read the pools, diagnostic settings and private DNS zone groups of the Batch accounts in ${describeScope(plan.scope)}: ${describeListingError(e)} (--accounts-only skips these reads)${partlyPrinted ? "; the report printed so far is incomplete" : ""}\n`,
        );
        return EXIT_LISTING_FAILED;
      }
      progress.judged(accounts.length, accounts.length);
    }
    const summary = counter.summary();
    await out.write(writer.end(summary));
    out.finish();
    complete = true;
    return summary.exitCode === 1 ? EXIT_FAILED : EXIT_PASSED;
  } finally {
    if (!complete) output?.abandon();
    await client.close();
  }
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: AuditIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === "help") {
      io.stdout.write(helpText());
      return EXIT_PASSED;
    }
    if (command.kind === "version") {
      io.stdout.write(`${packageManifest().version}\n`);
      return EXIT_PASSED;
    }
    return await audit(command.args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${COMMAND}: ${e.message}\nRun \`${COMMAND} --help\` for the flags.\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
