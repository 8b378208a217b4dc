// Organizational guardrails: where accounts live and how they are tagged.

import type { BatchAccount } from "azure-batch-lookup";
import { defineRule, finding, notApplicable, show } from "../rule";
import { isSet } from "../unknowns";
import { azurePolicy } from "./anchors";

/** Azure accepts "West Europe" and "westeurope" for the same region. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// batch-allowed-locations

export interface AllowedLocationsConfig {
  /** Regions accounts may be created in; empty means the rule does not apply. */
  allowedLocations: string[];
}

export const allowedLocations = defineRule<AllowedLocationsConfig>({
  name: "batch-allowed-locations",
  description: "location is one of allowedLocations (case and spaces ignored); not applicable while allowedLocations is empty.",
  displayName: "Allowed locations",
  enforcementLevel: "advisory",
  severity: "medium",
  concern: "governance",
  scope: "any",
  anchors: [azurePolicy("e56962a6-4747-49cd-b67b-bf8b01975c4c", "Allowed locations")],
  remediationSteps: "Create the account in one of the allowed regions (moving a Batch account means recreating it).",
  options: {
    allowedLocations: {
      type: "array",
      items: { type: "string" },
      uniqueItems: true,
      default: [],
      description:
        'Allowed regions, for example ["westeurope", "northeurope"] (case and spaces are ignored); empty: the rule does not apply.',
    },
  },
  check(account: BatchAccount, config: AllowedLocationsConfig) {
    if (config.allowedLocations.length === 0) return notApplicable("No allowedLocations are configured.");
    if (!isSet(account, "location")) return [finding("location", `location is not set (allowed: ${show(config.allowedLocations)}).`)];
    const allowed = config.allowedLocations.map(normalizeLocation);
    if (allowed.includes(normalizeLocation(account.location))) return [];
    return [finding("location", `location is ${show(account.location)} (allowed: ${show(config.allowedLocations)}).`)];
  },
});

// ---------------------------------------------------------------------------------------------
// batch-required-tags

export interface RequiredTagsConfig {
  /** Tag names every account must carry (compared case-insensitively, as Azure does). */
  requiredTags: string[];
  /** Accept a required tag whose value is empty. */
  allowEmptyValues: boolean;
}

export const requiredTags = defineRule<RequiredTagsConfig>({
  name: "batch-required-tags",
  description:
    "tags has every name in requiredTags (names case-insensitive) with a non-empty value unless allowEmptyValues; not applicable while requiredTags is empty.",
  displayName: "Required tags",
  enforcementLevel: "advisory",
  severity: "low",
  concern: "governance",
  scope: "any",
  anchors: [azurePolicy("871b6d14-10aa-478d-b590-94f262ecfa99", "Require a tag on resources")],
  remediationSteps: "Add the missing tags (with values) to the account's tags.",
  options: {
    requiredTags: {
      type: "array",
      items: { type: "string", minLength: 1 },
      uniqueItems: true,
      default: [],
      description: 'Tag names every account must carry, for example ["costCenter", "owner"]; empty: the rule does not apply.',
    },
    allowEmptyValues: {
      type: "boolean",
      default: false,
      description: "Accept a required tag whose value is empty.",
    },
  },
  check(account: BatchAccount, config: RequiredTagsConfig) {
    if (config.requiredTags.length === 0) return notApplicable("No requiredTags are configured.");
    const tags = account.tags ?? {};
    const names = Object.keys(tags);
    const findings = [];
    for (const required of config.requiredTags) {
      const actual = names.find((n) => n.toLowerCase() === required.toLowerCase());
      const property = `tags.${required}`;
      if (actual === undefined) findings.push(finding(property, `${property} is missing (required tags: ${show(config.requiredTags)}).`));
      else if (!config.allowEmptyValues && !isSet(tags, actual)) findings.push(finding(property, `tags.${actual} is empty.`));
    }
    return findings;
  },
});

export const governanceRules = [allowedLocations, requiredTags];
