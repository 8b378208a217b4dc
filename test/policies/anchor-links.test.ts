// Built-in anchors are linked by definition id: the Azure Policy repository's 2025 release renamed
// every Batch file, so a link to a file path goes dead; a link by GUID does not.
import { describe, expect, it } from "vitest";
import { ALL_POLICIES } from "../../policies/registry";

describe("anchor links", () => {
  it("links every Azure Policy built-in by its definition GUID, never by a file in Azure/azure-policy", () => {
    const builtIns = ALL_POLICIES.flatMap((p) => p.anchors.filter((a) => a.kind === "azure-policy"));
    expect(builtIns.length).toBeGreaterThan(8);
    for (const a of builtIns) {
      expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(a.url).toBe(
        `https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F${a.id}`,
      );
      expect(a.url).not.toMatch(/github\.com|\.json/);
    }
  });
});
