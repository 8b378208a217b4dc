// Turns the registered rules into CrossGuard policies. BatchGuard (guard.ts) hands them to
// `new PolicyPack`; tests use this module directly (constructing a PolicyPack starts a gRPC server).

import type {
  Policy,
  PolicyPackArgs,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { type MessageSubject, notYetCheckableMessage, type RuleOutcome, runRule, violationMessage } from "./check";
import { resolveOptions } from "./config";
import { type MappedAccount, mapResource } from "./mapping";
import { type AnyPolicyDefinition, configSchemaOf } from "./policy-definition";
import { runPoolRule } from "./pools/check";
import { mapPoolResource } from "./pools/mapping";
import { type AnyPoolRule, type AnyRule, type AnyStackRule, POOL_RULES, RULES, STACK_RULES } from "./registry";
import {
  AZURE_NATIVE_BATCH_ACCOUNT,
  BATCH_ACCOUNT_TYPES,
  BATCH_POOL_TYPES,
  CLASSIC_BATCH_ACCOUNT,
  type DeclaredSource,
} from "./resource-types";
import { buildEstate, type StackResource } from "./stack/estate";
import { NotYetKnownError, pulumiUnknownValueError, trackUnknowns, UNKNOWN_STRING_SENTINEL } from "./unknowns";

export const PACK_NAME = "azure-batch-policies";

export const PACK_DESCRIPTION =
  "Azure Batch guardrails: accounts (local auth, network exposure, customer-managed keys, managed identity, private link, governance; azure-native, classic azure and azure-batch-lookup BatchAccountReference), pools (disk encryption, public IPs, virtual network, node communication, certificates), resource logs and private endpoints.";

function mapArgs(args: ResourceValidationArgs): MappedAccount {
  const mapped = mapResource(args.type, args.props, args.name);
  if (mapped === undefined) return args.notApplicable(`It applies to ${BATCH_ACCOUNT_TYPES.join(", ")}.`);
  return mapped;
}

/**
 * Reports a rule that needs an unknown value the way @pulumi/policy reports its own unknowns: an
 * advisory "can't run policy ... during preview" diagnostic that never blocks. Without the SDK's
 * error class (a future SDK), the policy is reported as not applicable with the same message.
 */
function reportNotYetCheckable(args: { notApplicable: (reason?: string) => never }, message: string): never {
  const UnknownValueError = pulumiUnknownValueError();
  if (UnknownValueError !== undefined) {
    const error = new UnknownValueError(UNKNOWN_STRING_SENTINEL, []);
    error.message = message;
    throw error;
  }
  return args.notApplicable(message);
}

/** Reports a rule's outcome on a mapped account or pool the way CrossGuard expects it. */
function reportOutcome(
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
  mapped: MessageSubject,
  rule: { name: string },
  outcome: RuleOutcome,
): void {
  switch (outcome.status) {
    case "violated":
      for (const f of outcome.findings) reportViolation(violationMessage(mapped, f));
      return;
    case "not-yet-checkable":
      reportNotYetCheckable(args, notYetCheckableMessage(mapped, rule, outcome.property));
      return;
    case "not-applicable":
      args.notApplicable(outcome.reason);
      return;
    case "passed":
      return;
  }
}

function validate(rule: AnyRule): ResourceValidationPolicy["validateResource"] {
  return (args, reportViolation) => {
    const mapped = mapArgs(args);
    const outcome = runRule(rule, mapped, resolveOptions(rule, args.getConfig<Record<string, unknown>>()));
    reportOutcome(args, reportViolation, mapped, rule, outcome);
  };
}

function declaredSource(type: string): DeclaredSource | undefined {
  if (type === AZURE_NATIVE_BATCH_ACCOUNT) return "azure-native";
  if (type === CLASSIC_BATCH_ACCOUNT) return "classic";
  return undefined;
}

/**
 * Runs the rule's safe fix on a declared resource that violates it; returns the changed inputs, or
 * undefined when there is nothing (safe) to change. Values that are not known yet are never guessed.
 */
function remediate(rule: AnyRule): ResourceValidationPolicy["remediateResource"] {
  return (args) => {
    const source = declaredSource(args.type);
    const fix = source === undefined ? undefined : rule.remediate?.[source];
    if (fix === undefined)
      return args.notApplicable(`Its remediation applies to ${AZURE_NATIVE_BATCH_ACCOUNT} and ${CLASSIC_BATCH_ACCOUNT}.`);
    const mapped = mapArgs(args);
    const options = resolveOptions(rule, args.getConfig<Record<string, unknown>>());
    if (runRule(rule, mapped, options).status !== "violated") return undefined;
    const props = args.props as Record<string, unknown>;
    try {
      return fix(props, trackUnknowns(mapped.account, mapped.unknown), options) ? props : undefined;
    } catch (e) {
      if (e instanceof NotYetKnownError) return undefined;
      throw e;
    }
  };
}

/** The first anchor that is an MCSB control, as CrossGuard's compliance framework. */
function framework(rule: AnyPolicyDefinition): ResourceValidationPolicy["framework"] {
  const control = rule.anchors.find((a) => a.kind === "mcsb");
  if (control === undefined) return undefined;
  const benchmark = control.benchmark ?? { name: "Microsoft cloud security benchmark", version: "1.0" };
  return { ...benchmark, reference: control.id, specification: control.title };
}

/** What every CrossGuard policy of the package carries, from its definition. */
function metadata(rule: AnyPolicyDefinition): Policy {
  const policy: Policy = {
    name: rule.name,
    description: rule.description,
    displayName: rule.displayName,
    enforcementLevel: rule.enforcementLevel,
    severity: rule.severity,
    configSchema: configSchemaOf(rule),
    remediationSteps: rule.remediationSteps,
    tags: ["azure", "batch", rule.concern],
  };
  const url = rule.anchors[0]?.url;
  if (url !== undefined) policy.url = url;
  const fw = framework(rule);
  if (fw !== undefined) policy.framework = fw;
  return policy;
}

export function toPolicy(rule: AnyRule): ResourceValidationPolicy {
  const policy: ResourceValidationPolicy = { ...metadata(rule), validateResource: validate(rule) };
  if (rule.remediate !== undefined) policy.remediateResource = remediate(rule);
  return policy;
}

export function toPoolPolicy(rule: AnyPoolRule): ResourceValidationPolicy {
  return {
    ...metadata(rule),
    validateResource: (args, reportViolation) => {
      const mapped = mapPoolResource(args.type, args.props, args.name);
      if (mapped === undefined) return args.notApplicable(`It applies to ${BATCH_POOL_TYPES.join(", ")}.`);
      const outcome = runPoolRule(rule, mapped, resolveOptions(rule, args.getConfig<Record<string, unknown>>()));
      reportOutcome(args, reportViolation, mapped, rule, outcome);
    },
  };
}

export function toStackPolicy(rule: AnyStackRule): StackValidationPolicy {
  return {
    ...metadata(rule),
    validateStack: (args, reportViolation) => {
      const options = resolveOptions(rule, args.getConfig<Record<string, unknown>>());
      const resources: StackResource[] = args.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.props as Record<string, unknown>,
        propertyDependencies: r.propertyDependencies,
      }));
      for (const f of rule.checkStack(buildEstate(resources), options)) reportViolation(f.message, f.urn);
    },
  };
}

/** The arguments for `new PolicyPack(PACK_NAME, ...)`. */
export function policyPackArgs(): PolicyPackArgs {
  return {
    policies: [...RULES.map(toPolicy), ...POOL_RULES.map(toPoolPolicy), ...STACK_RULES.map(toStackPolicy)],
    description: PACK_DESCRIPTION,
    displayName: "Azure Batch policies",
    provider: "azure",
    tags: ["azure", "batch"],
  };
}
