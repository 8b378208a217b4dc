// Authentication to the Batch data plane.

import type { BatchAccount } from "azure-batch-lookup";
import { defineRule, finding, type Remediation, show } from "../rule";
import { isSet } from "../unknowns";
import { azurePolicy, mcsb } from "./anchors";
import { enumIn, sameEnum } from "./enums";

export interface LocalAuthConfig {
  /** Also accept `TaskAuthenticationToken` (tasks authenticating with their task token). */
  allowTaskAuthenticationToken: boolean;
  /** Also require `AAD` in the list (an empty list then fails). */
  requireAad: boolean;
}

function allowedModes(config: LocalAuthConfig): string[] {
  return config.allowTaskAuthenticationToken ? ["AAD", "TaskAuthenticationToken"] : ["AAD"];
}

/** Keeps the allowed modes the account has, and makes sure AAD is one of them. */
const restrictModes: Remediation<LocalAuthConfig> = (props, account, config) => {
  const allowed = allowedModes(config);
  const current = account.allowedAuthenticationModes === undefined ? undefined : [...account.allowedAuthenticationModes];
  const next = (current ?? []).filter((m) => enumIn(m, allowed));
  if (!enumIn("AAD", next)) next.unshift("AAD");
  if (current !== undefined && current.length === next.length && current.every((m, i) => m === next[i])) return false;
  props.allowedAuthenticationModes = next;
  return true;
};

export const localAuthDisabled = defineRule<LocalAuthConfig>({
  name: "batch-local-auth-disabled",
  description:
    "allowedAuthenticationModes is set and lists no mode but AAD (and TaskAuthenticationToken if allowed; any case); an empty list passes unless requireAad.",
  displayName: "Local authentication disabled",
  enforcementLevel: "mandatory",
  severity: "high",
  concern: "authentication",
  scope: "any",
  anchors: [
    azurePolicy(
      "6f68b69f-05fe-49cd-b361-777ee9ca7e35",
      "Batch accounts should have local authentication methods disabled",
      "same verdict by default, the empty list included (it passes: no local method is allowed, though no client can then use the data plane); allowTaskAuthenticationToken is looser, requireAad stricter",
    ),
    azurePolicy(
      "4dbc2f5c-51cf-4e38-9179-c7028eed2274",
      "Configure Batch accounts to disable local authentication",
      "its Modify effect is what this rule's remediation does",
    ),
    mcsb("IM-1"),
  ],
  remediationSteps:
    'Set allowedAuthenticationModes to ["AAD"] (add "TaskAuthenticationToken" only where tasks need it and the policy allows it); clients then authenticate with Microsoft Entra ID instead of shared keys.',
  options: {
    allowTaskAuthenticationToken: {
      type: "boolean",
      default: false,
      description: "Also accept TaskAuthenticationToken in allowedAuthenticationModes.",
    },
    requireAad: {
      type: "boolean",
      default: false,
      description: "Also require AAD in allowedAuthenticationModes, so an empty list (no data-plane access at all) fails.",
    },
  },
  check(account: BatchAccount, config: LocalAuthConfig) {
    const allowed = allowedModes(config);
    if (!isSet(account, "allowedAuthenticationModes")) {
      return [
        finding(
          "allowedAuthenticationModes",
          `allowedAuthenticationModes is not set, so Azure allows every mode, SharedKey included (allowed: ${show(allowed)}).`,
        ),
      ];
    }
    const modes = [...account.allowedAuthenticationModes!];
    const findings = [];
    const extra = modes.filter((m) => !enumIn(m, allowed));
    if (extra.length > 0) {
      findings.push(
        finding(
          "allowedAuthenticationModes",
          `allowedAuthenticationModes is ${show(modes)}: ${show(extra)} not allowed (allowed: ${show(allowed)}).`,
        ),
      );
    }
    if (config.requireAad && !modes.some((m) => sameEnum(m, "AAD"))) {
      findings.push(finding("allowedAuthenticationModes", `allowedAuthenticationModes is ${show(modes)} and does not include "AAD".`));
    }
    return findings;
  },
  remediate: { "azure-native": restrictModes, classic: restrictModes },
});

export const authenticationRules = [localAuthDisabled];
