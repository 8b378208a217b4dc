// The references rules mirror. Built-in ids and names were confirmed against public listings of
// Azure Policy built-ins (Azure/azure-policy, built-in-policies/policyDefinitions/Batch/). A built-in
// is linked by its definition id (GUID), never by its file in that repository: the 2025 release
// renamed every Batch file, and a definition's id is what Azure itself keys it by.

import type { Anchor } from "../rule";

const PORTAL =
  "https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F";

/** The link of a built-in definition: the Azure portal's definition blade, by GUID (it survives file renames). */
export function builtInUrl(id: string): string {
  return `${PORTAL}${id}`;
}

/** An Azure Policy built-in definition, linked by its definition id. */
export function azurePolicy(id: string, title: string, note?: string): Anchor {
  const anchor: Anchor = { kind: "azure-policy", id, title, url: builtInUrl(id) };
  if (note !== undefined) anchor.note = note;
  return anchor;
}

/** Microsoft cloud security benchmark v1 controls, as the Azure security baseline for Batch applies them. */
const MCSB_TITLES = {
  "IM-1": "Use centralized identity and authentication system",
  "IM-3": "Manage application identities securely and automatically",
  "NS-1": "Establish network segmentation boundaries",
  "NS-2": "Secure cloud services with network controls",
  "DP-4": "Enable data at rest encryption by default",
  "DP-5": "Use customer-managed key option in data at rest encryption when required",
  // Built-in 428256e6 is mapped to LT-4 "Enable logging for Azure resources" of Azure Security
  // Benchmark v2.0 (its regulatory-compliance metadata); MCSB v1 files the guidance under LT-3.
  "LT-4": "Enable logging for Azure resources",
} as const;

/** The benchmark a control number belongs to, where it is not MCSB v1.0. */
const BENCHMARKS: Partial<Record<keyof typeof MCSB_TITLES, { name: string; version: string }>> = {
  "LT-4": { name: "Azure Security Benchmark", version: "2.0" },
};

export type McsbControl = keyof typeof MCSB_TITLES;

export function mcsb(control: McsbControl, note?: string): Anchor {
  const anchor: Anchor = {
    kind: "mcsb",
    id: control,
    title: MCSB_TITLES[control],
    url: "https://learn.microsoft.com/azure/batch/security-baseline",
  };
  const benchmark = BENCHMARKS[control];
  if (benchmark !== undefined) anchor.benchmark = benchmark;
  if (note !== undefined) anchor.note = note;
  return anchor;
}

export function checkov(id: string, title: string, note?: string): Anchor {
  const anchor: Anchor = { kind: "checkov", id, title, url: "https://www.checkov.io/5.Policy%20Index/terraform.html" };
  if (note !== undefined) anchor.note = note;
  return anchor;
}

export function azureDocs(id: string, title: string, url: string): Anchor {
  return { kind: "azure-docs", id, title, url };
}
