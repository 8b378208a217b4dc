// A stable, repository-relative path for an Azure resource, for reports that need a file to point
// at (SARIF's physicalLocation). Derived from the ARM id alone: case-folded, as ARM compares ids,
// so the same resource gets the same path whichever listing (ARM or Resource Graph) returned it;
// each segment percent-encoded, so the path is a valid URI reference whatever a name holds.

/** `/subscriptions/S/resourceGroups/RG/providers/Microsoft.Batch/batchAccounts/A` → `azure/subscriptions/s/resourcegroups/rg/providers/microsoft.batch/batchaccounts/a`. */
export function resourcePath(armId: string): string {
  const segments = armId
    .toLowerCase()
    .split("/")
    .filter((s) => s !== "" && s !== "." && s !== "..");
  return ["azure", ...segments.map((s) => encodeURIComponent(s))].join("/");
}
