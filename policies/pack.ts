// Turns the registered rules into CrossGuard policies. index.ts hands them to `new PolicyPack`;
// tests use this module directly (constructing a PolicyPack starts a gRPC server).

import type { PolicyPackArgs, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { notYetCheckableMessage, runRule, violationMessage } from "./check";
import { resolveOptions } from "./config";
import { mapResource, type MappedAccount } from "./mapping";
import { RULES, type AnyRule } from "./registry";
import { AZURE_NATIVE_BATCH_ACCOUNT, BATCH_ACCOUNT_TYPES, CLASSIC_BATCH_ACCOUNT, type DeclaredSource } from "./resource-types";
import { NotYetKnownError, UNKNOWN_STRING_SENTINEL, pulumiUnknownValueError, trackUnknowns } from "./unknowns";

export const PACK_NAME = "azure-batch-policies";

export const PACK_DESCRIPTION =
  "Azure Batch account guardrails (local auth, network exposure, customer-managed keys, managed identity, private link, governance) for azure-native, classic azure and azure-batch-lookup BatchAccountReference resources.";

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
function reportNotYetCheckable(args: ResourceValidationArgs, message: string): never {
  if (pulumiUnknownValueError !== undefined) {
    const error = new pulumiUnknownValueError(UNKNOWN_STRING_SENTINEL, []);
    error.message = message;
    throw error;
  }
  return args.notApplicable(message);
}

function validate(rule: AnyRule): ResourceValidationPolicy["validateResource"] {
  return (args, reportViolation) => {
    const mapped = mapArgs(args);
    const outcome = runRule(rule, mapped, resolveOptions(rule, args.getConfig<Record<string, unknown>>()));
    switch (outcome.status) {
      case "violated":
        for (const f of outcome.findings) reportViolation(violationMessage(mapped, f));
        return;
      case "not-yet-checkable":
        return reportNotYetCheckable(args, notYetCheckableMessage(mapped, rule, outcome.property));
      case "not-applicable":
        return args.notApplicable(outcome.reason);
      case "passed":
        return;
    }
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
    if (fix === undefined) return args.notApplicable(`Its remediation applies to ${AZURE_NATIVE_BATCH_ACCOUNT} and ${CLASSIC_BATCH_ACCOUNT}.`);
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
function framework(rule: AnyRule): ResourceValidationPolicy["framework"] {
  const control = rule.anchors.find((a) => a.kind === "mcsb");
  if (control === undefined) return undefined;
  return { name: "Microsoft cloud security benchmark", version: "1.0", reference: control.id, specification: control.title };
}

export function toPolicy(rule: AnyRule): ResourceValidationPolicy {
  const policy: ResourceValidationPolicy = {
    name: rule.name,
    description: rule.description,
    displayName: rule.displayName,
    enforcementLevel: rule.enforcementLevel,
    severity: rule.severity,
    configSchema: rule.configSchema,
    remediationSteps: rule.remediationSteps,
    tags: ["azure", "batch", rule.concern],
    validateResource: validate(rule),
  };
  const url = rule.anchors[0]?.url;
  if (url !== undefined) policy.url = url;
  const fw = framework(rule);
  if (fw !== undefined) policy.framework = fw;
  if (rule.remediate !== undefined) policy.remediateResource = remediate(rule);
  return policy;
}

/** The arguments for `new PolicyPack(PACK_NAME, ...)`. */
export function policyPackArgs(): PolicyPackArgs {
  return {
    policies: RULES.map(toPolicy),
    description: PACK_DESCRIPTION,
    displayName: "Azure Batch policies",
    provider: "azure",
    tags: ["azure", "batch"],
  };
}
