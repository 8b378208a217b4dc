// The audit command's flags, read with node:util parseArgs and checked before any request. A
// mistake is a UsageError naming the flag (with the closest flag or value when one was mistyped);
// the command prints it and exits 2.

import { parseArgs } from "node:util";
import type { ListSource } from "azure-batch-lookup";
import { closest } from "./did-you-mean";

export type OutputFormat = "table" | "json" | "sarif";
/** A level (the rule's configured enforcement) or a severity (the rule's own), at or above which a violation fails the audit. */
export type FailOn = "mandatory" | "advisory" | "none" | "low" | "medium" | "high" | "critical";
/** Where the accounts are listed (the library's `source`). */
export type ListingSource = ListSource;

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "json", "sarif"];
export const FAIL_ON: readonly FailOn[] = ["mandatory", "advisory", "none", "critical", "high", "medium", "low"];
export const LISTING_SOURCES: readonly ListingSource[] = ["resourceGraph", "arm"];

/** A command line the audit cannot run with; the message names the flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface AuditArgs {
  subscriptionIds: string[];
  managementGroupIds: string[];
  tenant: boolean;
  resourceGroupName?: string;
  source?: ListingSource;
  configFile?: string;
  format: OutputFormat;
  outputFile?: string;
  /** Extra reports written in the same run, each to its file. */
  outputJson?: string;
  outputSarif?: string;
  /** No progress and no summary or notes on stderr (errors still). */
  quiet: boolean;
  /** Accepted violations (exemptions.ts). */
  exemptionsFile?: string;
  endpoint?: string;
  failOn: FailOn;
  /** undefined: progress only when stderr is a terminal. */
  progress?: boolean;
  showPassed: boolean;
  /** Judge the accounts only: no pool, diagnostic setting or DNS zone group reads. */
  accountsOnly: boolean;
  /** The listing's caps (the library's limits.maxListAccounts and limits.maxListBytes), when given. */
  maxAccounts?: number;
  maxListBytes?: number;
}

export type ParsedCommand = { kind: "help" } | { kind: "version" } | { kind: "audit"; args: AuditArgs };

/** Every flag of the command (parseArgs options); --help explains each. */
export const AUDIT_FLAGS = {
  subscription: { type: "string", short: "s", multiple: true },
  "management-group": { type: "string", short: "m", multiple: true },
  tenant: { type: "boolean" },
  "resource-group": { type: "string", short: "g" },
  source: { type: "string" },
  config: { type: "string", short: "c" },
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  "output-json": { type: "string" },
  "output-sarif": { type: "string" },
  exemptions: { type: "string", short: "e" },
  quiet: { type: "boolean", short: "q" },
  endpoint: { type: "string" },
  "fail-on": { type: "string" },
  progress: { type: "boolean" },
  "show-passed": { type: "boolean" },
  "accounts-only": { type: "boolean" },
  "max-accounts": { type: "string" },
  "max-list-bytes": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T;
function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined;
function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    const near = closest(value, allowed);
    throw new UsageError(
      `--${flag} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}.${near === undefined ? "" : ` Did you mean --${flag} ${near}?`}`,
    );
  }
  return value as T;
}

/** A positive whole number (digits only, at most Number.MAX_SAFE_INTEGER), or undefined when not given. */
function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} ${JSON.stringify(value)} is not a whole number of at least 1.`);
  return n;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === "") throw new UsageError(`--${flag} needs a value.`);
  return value;
}

/** Every spelling of the flags (`--name`, `-x`) and the long name each stands for. */
const FLAG_SPELLINGS: ReadonlyMap<string, string> = new Map(
  Object.entries(AUDIT_FLAGS).flatMap(([name, o]) => [
    [`--${name}`, name] as const,
    ...("short" in o ? [[`-${o.short}`, name] as const] : []),
  ]),
);

/** `--name` (and `-x, `) of a flag named by its long name. */
function spelling(name: string): string {
  const o = AUDIT_FLAGS[name as keyof typeof AUDIT_FLAGS];
  return o !== undefined && "short" in o ? `-${o.short}, --${name}` : `--${name}`;
}

/** parseArgs's errors, in the command's words: an unknown flag with the closest one, a missing value named. */
function parseError(e: NodeJS.ErrnoException): UsageError {
  const flag = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag !== undefined) {
    const name = flag.split("=")[0]!;
    const near = closest(name, [...FLAG_SPELLINGS.keys()]);
    return new UsageError(`unknown flag ${name}.${near === undefined ? "" : ` Did you mean ${spelling(FLAG_SPELLINGS.get(near)!)}?`}`);
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const long = /--([a-z-]+)/.exec(e.message)?.[1];
    if (long !== undefined && long in AUDIT_FLAGS) {
      const type = AUDIT_FLAGS[long as keyof typeof AUDIT_FLAGS].type;
      return new UsageError(type === "string" ? `${spelling(long)} needs a value.` : `${spelling(long)} takes no value.`);
    }
  }
  return new UsageError(e.message);
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: AUDIT_FLAGS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (e) {
    throw parseError(e as NodeJS.ErrnoException);
  }
}

/** Reads `audit [flags]` (argv without node and the script). */
export function parseCommandLine(argv: string[]): ParsedCommand {
  const { values, positionals } = parse(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (positionals.length === 0) throw new UsageError("No command: the command is `audit` (see --help).");
  if (positionals[0] !== "audit")
    throw new UsageError(
      `Unknown command ${JSON.stringify(positionals[0])}: the command is \`audit\`${closest(positionals[0]!, ["audit"]) === undefined ? "" : " (did you mean audit?)"} (see --help).`,
    );
  if (positionals.length > 1)
    throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[1])}: every input of audit is a flag (see --help).`);

  const subscriptionIds = (values.subscription ?? []).map((s) => nonEmpty("subscription", s)!);
  const managementGroupIds = (values["management-group"] ?? []).map((m) => nonEmpty("management-group", m)!);
  const tenant = values.tenant === true;
  const scopes = [
    subscriptionIds.length > 0 && "--subscription",
    managementGroupIds.length > 0 && "--management-group",
    tenant && "--tenant",
  ];
  const given = scopes.filter((s): s is string => typeof s === "string");
  if (given.length > 1) throw new UsageError(`${given.join(" and ")} do not combine: give one scope (see --help).`);

  const resourceGroupName = nonEmpty("resource-group", values["resource-group"]);
  if (resourceGroupName !== undefined && (subscriptionIds.length > 1 || given[0] === "--management-group" || tenant))
    throw new UsageError(
      "--resource-group needs a single subscription: it does not combine with several --subscription, --management-group or --tenant.",
    );

  const outputs = [values.output, values["output-json"], values["output-sarif"]].filter((f): f is string => f !== undefined);
  const twice = outputs.find((f, i) => outputs.indexOf(f) !== i);
  if (twice !== undefined)
    throw new UsageError(
      `${JSON.stringify(twice)} is given to two of --output, --output-json and --output-sarif: each report needs its own file.`,
    );
  if (values.quiet === true && values.progress === true) throw new UsageError("--quiet and --progress do not combine.");

  return {
    kind: "audit",
    args: {
      subscriptionIds,
      managementGroupIds,
      tenant,
      resourceGroupName,
      source: oneOf("source", values.source, LISTING_SOURCES),
      configFile: nonEmpty("config", values.config),
      format: oneOf("format", values.format, OUTPUT_FORMATS, "table"),
      outputFile: nonEmpty("output", values.output),
      outputJson: nonEmpty("output-json", values["output-json"]),
      outputSarif: nonEmpty("output-sarif", values["output-sarif"]),
      quiet: values.quiet === true,
      exemptionsFile: nonEmpty("exemptions", values.exemptions),
      endpoint: nonEmpty("endpoint", values.endpoint),
      failOn: oneOf("fail-on", values["fail-on"], FAIL_ON, "mandatory"),
      progress: values.progress,
      showPassed: values["show-passed"] === true,
      maxAccounts: positiveInteger("max-accounts", values["max-accounts"]),
      maxListBytes: positiveInteger("max-list-bytes", values["max-list-bytes"]),
      accountsOnly: values["accounts-only"] === true,
    },
  };
}
