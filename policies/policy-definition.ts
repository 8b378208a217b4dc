// What every policy of the package shares, whatever it judges (an account, a pool, the stack):
// awsguard style metadata, and its options declared once. Each option's JSON schema carries its
// default and description; the CrossGuard config schema, the defaults and the validation
// (config.ts, with ajv) are all derived from that one declaration.

import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy";

/** A reference a policy mirrors: an Azure Policy built-in, a benchmark control, or a Checkov check. */
export interface Anchor {
  kind: "azure-policy" | "mcsb" | "checkov" | "azure-docs";
  /** The policy definition id (GUID), the control id (`NS-2`) or the check id (`CKV_AZURE_76`). */
  id: string;
  /** The display name of the built-in, the control title or the check name. */
  title: string;
  url?: string;
  /** Where our policy differs from the anchor. */
  note?: string;
  /** For a benchmark control: the benchmark, when not the Microsoft cloud security benchmark v1.0. */
  benchmark?: { name: string; version: string };
}

/** The JSON schema of one option, as CrossGuard takes it. */
export type OptionSchema = PolicyConfigSchema["properties"][string];

/** One option: its JSON schema with the default (a value of the option's type) and a description. */
export type OptionDeclaration<T> = Exclude<OptionSchema, boolean> & { default: T; description: string };

/** The config type of a policy without options (an entry may still carry `enforcementLevel`). */
export type NoOptions = Record<never, never>;

/** Every option of a config type `C`, each declared once. */
export type OptionDeclarations<C> = { [K in keyof C]-?: OptionDeclaration<C[K]> };

export type Concern = "authentication" | "network" | "encryption" | "identity" | "governance" | "lifecycle" | "logging";

export interface PolicyDefinition<C extends object = object> {
  /** kebab-case, unique in the package. */
  name: string;
  /** One line that says exactly what is checked. */
  description: string;
  displayName: string;
  enforcementLevel: Exclude<EnforcementLevel, "disabled">;
  severity: Severity;
  /** The concern the policy belongs to. */
  concern: Concern;
  anchors: readonly Anchor[];
  /** What a user should do about a violation. */
  remediationSteps: string;
  /** The options (never `enforcementLevel`, which the SDK adds itself). */
  options: OptionDeclarations<C>;
}

// Policies differ in their option types; collections only need what they share.
// biome-ignore lint/suspicious/noExplicitAny: a collection holds definitions of every option type
export type AnyPolicyDefinition = PolicyDefinition<any>;

/** The CrossGuard config schema of a policy: its option declarations. */
export function configSchemaOf(def: AnyPolicyDefinition): PolicyConfigSchema {
  return { properties: { ...(def.options as Record<string, OptionSchema>) } };
}

/** The option defaults of a policy (fresh copies, safe to change). */
export function defaultsOf<C extends object>(def: PolicyDefinition<C>): C {
  const out: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(def.options as Record<string, OptionDeclaration<unknown>>))
    out[key] = structuredClone(option.default);
  return out as C;
}
