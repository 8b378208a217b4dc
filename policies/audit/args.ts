// The audit command's flags, read with node:util parseArgs and checked before any request. A
// mistake is a UsageError naming the flag; the command prints it and exits 2.

import { parseArgs } from "node:util";
import type { ListSource } from "azure-batch-lookup";

export type OutputFormat = "table" | "json" | "sarif";
export type FailOn = "mandatory" | "advisory" | "none";
/** Where the accounts are listed (the library's `source`). */
export type ListingSource = ListSource;

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "json", "sarif"];
export const FAIL_ON: readonly FailOn[] = ["mandatory", "advisory", "none"];
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
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}.`);
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

/** parseArgs's own errors say `Option '--x <value>' argument missing`; keep them, name the command. */
function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: AUDIT_FLAGS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Reads `audit [flags]` (argv without node and the script). */
export function parseCommandLine(argv: string[]): ParsedCommand {
  const { values, positionals } = parse(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (positionals.length === 0) throw new UsageError("No command: the command is `audit` (see --help).");
  if (positionals[0] !== "audit")
    throw new UsageError(`Unknown command ${JSON.stringify(positionals[0])}: the command is \`audit\` (see --help).`);
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
