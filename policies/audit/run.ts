// `azure-batch-policies audit`: flags → configuration → listing → judging → report. Returns the
// exit code (0 pass, 1 a rule at the --fail-on level failed, 2 usage or configuration, 3 the
// listing failed); the bin (cli.ts) sets it.

import * as fs from "node:fs";
import * as path from "node:path";
import { type BatchAccount, BatchLookupClient, BatchLookupError, listBatchAccounts, listBatchAccountsPaged } from "azure-batch-lookup";
import { type BatchPolicyConfig, PolicyConfigError, validatePackConfig } from "../config";
import { ALL_POLICIES } from "../registry";
import { type AuditArgs, type OutputFormat, parseCommandLine, UsageError } from "./args";
import { compareIds } from "./compare-ids";
import { errorFacts, listingFailure, usageFromLookupError } from "./errors";
import { exemptionApplier, readExemptionsFile } from "./exemptions";
import { jsonWriter } from "./format-json";
import { sarifWriter } from "./format-sarif";
import { summaryLines } from "./format-summary";
import { tableWriter } from "./format-table";
import { helpText } from "./help";
import { readJsonFile } from "./json-file";
import { type AuditedAccount, judgeAccount, judgedRules, unjudgedPolicies } from "./judge";
import { judgeEstate } from "./judge-estate";
import { fileOutput, type ReportOutput, streamOutput } from "./output";
import { createProgress, type Progress } from "./progress";
import { type AccountEstate, readEstates } from "./read-estate";
import { type ReportHeader, type ReportWriter, reportHeader, SummaryCounter } from "./report";
import { describeScope, planScope, type ScopePlan } from "./scope";
import { colorFor, terminalColumns } from "./text-layout";

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
  const json = readJsonFile("--config", file);
  try {
    return validatePackConfig(json, ALL_POLICIES);
  } catch (e) {
    if (e instanceof PolicyConfigError) throw new UsageError(`--config ${file}: ${e.message}`);
    throw e;
  }
}

/** A report and where it goes. */
interface Sink {
  writer: ReportWriter;
  output: ReportOutput;
  /** The file, when it goes to one. */
  file?: string;
}

function writerFor(
  format: OutputFormat,
  header: ReportHeader,
  args: AuditArgs,
  terminal?: { columns: number; color: boolean },
): ReportWriter {
  switch (format) {
    case "json":
      return jsonWriter(header);
    case "sarif":
      return sarifWriter(header);
    case "table":
      return tableWriter(header, { showPassed: args.showPassed, ...(terminal === undefined ? {} : terminal) });
  }
}

/** Every output of the run, opened before any request so that a path that cannot be written fails first. */
function openOutputs(
  args: AuditArgs,
  stdout: NodeJS.WritableStream,
): { main: ReportOutput; extra: { format: OutputFormat; file: string; output: ReportOutput }[] } {
  const opened: ReportOutput[] = [];
  try {
    const main = args.outputFile === undefined ? streamOutput(stdout) : fileOutput(args.outputFile, "--output");
    opened.push(main);
    const extra: { format: OutputFormat; file: string; output: ReportOutput }[] = [];
    for (const [format, file, flag] of [
      ["json", args.outputJson, "--output-json"],
      ["sarif", args.outputSarif, "--output-sarif"],
    ] as const) {
      if (file === undefined) continue;
      const output = fileOutput(file, flag);
      opened.push(output);
      extra.push({ format, file, output });
    }
    return { main, extra };
  } catch (e) {
    for (const o of opened) o.abandon();
    throw e;
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
    if (e instanceof BatchLookupError) throw usageFromLookupError(e) ?? e;
    throw e;
  }
}

/** A failure of the listing (not of an estate read) met while the accounts were judged. */
class ListingFailed extends Error {
  constructor(override readonly cause: unknown) {
    super("listing failed");
  }
}

/**
 * The accounts of the audit's scope in id order, as the pages arrive: Resource Graph's pages
 * (its query orders by id) and the ARM fan-out's (a subscription at a time, sorted, subscriptions
 * in id order) as they come; one subscription or resource group through ARM, whose pages are in
 * no promised order, listed whole and sorted. A failure of the listing is a ListingFailed.
 */
async function* listAccounts(
  plan: ScopePlan,
  client: BatchLookupClient,
  listed: (count: number, done: boolean) => void,
): AsyncGenerator<BatchAccount> {
  let count = 0;
  try {
    if (plan.scope.kind === "subscription") {
      const { value } = await listBatchAccounts(plan.listArgs, { client });
      value.sort((a, b) => compareIds(a.id, b.id));
      listed(value.length, true);
      yield* value;
      return;
    }
    const pages = listBatchAccountsPaged(plan.listArgs, { client }).byPage();
    for (;;) {
      const page = await pages.next();
      if (page.done) break;
      count += page.value.length;
      listed(count, false);
      yield* page.value;
    }
  } catch (e) {
    throw new ListingFailed(e);
  }
  listed(count, true);
}

/** `first`, then the rest of `accounts`. */
function startingWith(first: IteratorResult<BatchAccount>, accounts: AsyncIterator<BatchAccount>): AsyncIterable<BatchAccount> {
  return {
    [Symbol.asyncIterator]: () => {
      let head: IteratorResult<BatchAccount> | undefined = first;
      return {
        next: () => {
          const value = head;
          head = undefined;
          return value === undefined ? accounts.next() : Promise.resolve(value);
        },
        return: async () => (await accounts.return?.()) ?? { done: true, value: undefined },
      };
    },
  };
}

async function audit(args: AuditArgs, io: AuditIo): Promise<number> {
  const config = readConfigFile(args.configFile);
  const exemptions = readExemptionsFile(args.exemptionsFile);
  const plan = planScope(args);
  const client = lookupClient(args);
  const scope = describeScope(plan.scope);
  const note = (line: string) => {
    if (!args.quiet) io.stderr.write(`${COMMAND} audit: ${line}\n`);
  };
  let outputs: ReturnType<typeof openOutputs> | undefined;
  let progress: Progress | undefined;
  let complete = false;
  try {
    outputs = openOutputs(args, io.stdout);
    progress = createProgress({ enabled: args.quiet ? false : args.progress }, io.stderr);
    progress.listing(scope);
    const started = Date.now();
    const listingFailed = (e: unknown, partlyPrinted: boolean): number => {
      const usage = e instanceof BatchLookupError ? usageFromLookupError(e) : undefined;
      if (usage !== undefined) throw usage;
      progress!.done();
      io.stderr.write(
        `${COMMAND} audit: ${listingFailure(e, scope, client.endpoint)}${partlyPrinted ? "; the report printed so far is incomplete" : ""}\n`,
      );
      return EXIT_LISTING_FAILED;
    };
    // The accounts are judged and printed as the listing's pages arrive, in id order (see listAccounts).
    let listed = 0;
    const listing = listAccounts(plan, client, (count, done) => {
      listed = count;
      if (done) progress!.listed(count, Date.now() - started);
    });
    let first: IteratorResult<BatchAccount>;
    try {
      // The first page before the report starts: a listing that fails at once prints no report.
      first = await listing.next();
    } catch (e) {
      return listingFailed(e instanceof ListingFailed ? e.cause : e, false);
    }
    const accounts = startingWith(first, listing);

    const manifest = packageManifest();
    const header = reportHeader({
      tool: { name: manifest.name, version: manifest.version },
      scope: plan.scope,
      source: plan.source,
      endpoint: client.endpoint,
      estate: args.accountsOnly ? "accounts-only" : "full",
      rules: judgedRules(config, args.accountsOnly),
      notJudged: unjudgedPolicies(config, args.accountsOnly),
      ...(args.exemptionsFile === undefined ? {} : { exemptions }),
    });
    // The table fits a terminal only when it is printed on one.
    const stdoutTerminal = args.outputFile === undefined && (io.stdout as NodeJS.WriteStream).isTTY === true;
    const terminal = stdoutTerminal
      ? { columns: terminalColumns(io.stdout as NodeJS.WriteStream), color: colorFor(io.stdout as NodeJS.WriteStream) }
      : undefined;
    const sinks: Sink[] = [
      {
        writer: writerFor(args.format, header, args, terminal),
        output: outputs.main,
        ...(args.outputFile === undefined ? {} : { file: args.outputFile }),
      },
      ...outputs.extra.map((x) => ({ writer: writerFor(x.format, header, args), output: x.output, file: x.file })),
    ];
    // On a terminal that shows both, the progress line is cleared before report lines go under it.
    const sharedTerminal = stdoutTerminal && io.stderr.isTTY === true;
    const write = async (text: (w: ReportWriter) => string) => {
      for (const [i, sink] of sinks.entries()) {
        const piece = text(sink.writer);
        if (i === 0 && sharedTerminal && piece !== "") progress!.clear();
        await sink.output.write(piece);
      }
    };
    const counter = new SummaryCounter(args.failOn, header);
    const exempt = exemptionApplier(exemptions);
    // Each account is judged as soon as its estate is read and printed in the accounts' order, so
    // neither the estates nor the findings of the whole tenant are held.
    const judge = (account: BatchAccount, estate: AccountEstate | undefined) =>
      exempt(judgeEstate(account, judgeAccount(account, config), estate, config));
    const emit = async (audited: AuditedAccount) => {
      counter.add(audited);
      await write((w) => w.account(audited));
    };
    await write((w) => w.start());
    try {
      if (args.accountsOnly) {
        let judged = 0;
        for await (const account of accounts) {
          await emit(judge(account, undefined));
          progress.judged(++judged, listed);
        }
      } else {
        await readEstates(accounts, client, judge, emit, (done) => progress!.read(done, listed));
      }
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const partlyPrinted = sinks.map((s) => s.output.abandon().partlyPrinted).some(Boolean);
      if (e instanceof ListingFailed) return listingFailed(e.cause, partlyPrinted);
      progress.done();
      const facts = e instanceof BatchLookupError ? `${e.message} ${errorFacts(e)}` : e instanceof Error ? e.message : String(e);
      io.stderr.write(
        `${COMMAND} audit: could not read the pools, diagnostic settings and private DNS zone groups of the Batch accounts in ${scope}: ${facts} (--accounts-only skips these reads)${partlyPrinted ? "; the report printed so far is incomplete" : ""}\n`,
      );
      return EXIT_LISTING_FAILED;
    }
    progress.judged(listed, listed);
    const summary = counter.summary();
    await write((w) => w.end(summary));
    for (const sink of sinks) sink.output.finish();
    complete = true;
    progress.done();
    // With the report in a file, the summary goes to stderr, so a CI log shows what the file holds.
    if (!args.quiet && args.outputFile !== undefined) {
      const stderr = io.stderr;
      const lines = summaryLines(header, summary, {
        ...(stderr.isTTY === true ? { columns: terminalColumns(stderr) } : {}),
        color: colorFor(stderr),
      });
      stderr.write(`${lines.join("\n")}\n`);
    }
    for (const sink of sinks) {
      const notice = sink.writer.notice?.();
      if (notice !== undefined) note(notice);
    }
    for (const sink of sinks) if (sink.file !== undefined) note(`wrote ${sink.file}`);
    return summary.exitCode === 1 ? EXIT_FAILED : EXIT_PASSED;
  } finally {
    progress?.done();
    if (!complete && outputs !== undefined) for (const o of [outputs.main, ...outputs.extra.map((x) => x.output)]) o.abandon();
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
