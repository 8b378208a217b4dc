import { describe, expect, it } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { resolveTenantScope, validateManagementGroupId } from "../../../provider/tenant/scope";
import { thrownBy } from "../../support/errors";

const A = "6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41";
const B = "e3b0c442-98fc-4c14-9afb-f4c8996fb924";

describe("resolveTenantScope", () => {
  it("no tenant-scale argument: undefined (a one-subscription lookup)", () => {
    expect(resolveTenantScope({})).toBeUndefined();
    expect(resolveTenantScope({ subscriptionId: A, resourceGroupName: "rg" })).toBeUndefined();
  });

  it("subscriptions, de-duplicated case-insensitively in first-seen order", () => {
    expect(resolveTenantScope({ subscriptionIds: [A, B, A.toUpperCase()] })).toEqual({ kind: "subscriptions", subscriptionIds: [A, B] });
  });

  it("management groups and the tenant", () => {
    expect(resolveTenantScope({ managementGroupIds: ["contoso", "contoso-prod", "Contoso"] })).toEqual({
      kind: "managementGroups",
      managementGroupIds: ["contoso", "contoso-prod"],
    });
    expect(resolveTenantScope({ scope: "tenant" })).toEqual({ kind: "tenant" });
  });

  it("the three are mutually exclusive, and exclude subscriptionId / resourceGroupName", () => {
    const both = thrownBy(() => resolveTenantScope({ subscriptionIds: [A], scope: "tenant" }));
    expect(both.code).toBe("InvalidArgument");
    expect(both.target).toBe("subscriptionIds and scope");
    expect(both.message).toMatch(/mutually exclusive/);
    const rg = thrownBy(() => resolveTenantScope({ managementGroupIds: ["mg"], resourceGroupName: "rg" }));
    expect(rg.target).toBe("resourceGroupName");
    expect(rg.message).toMatch(/does not combine with managementGroupIds/);
    expect(thrownBy(() => resolveTenantScope({ scope: "tenant", subscriptionId: A })).target).toBe("subscriptionId");
  });

  it("each id is checked, naming its position and the rule", () => {
    const bad = thrownBy(() => resolveTenantScope({ subscriptionIds: [A, "subid"] }));
    expect(bad.target).toBe("subscriptionIds[1]");
    expect(bad.message).toMatch(/must be a GUID/);
    expect(thrownBy(() => resolveTenantScope({ subscriptionIds: [] })).message).toMatch(/at least one id/);
    expect(thrownBy(() => resolveTenantScope({ subscriptionIds: A as unknown as string[] })).message).toMatch(
      /must be an array of strings/,
    );
    const mg = thrownBy(() => resolveTenantScope({ managementGroupIds: ["ok", "bad/group"] }));
    expect(mg.target).toBe("managementGroupIds[1]");
    expect(mg.message).toMatch(/management group id must be 1 to 90 characters/);
    const scope = thrownBy(() => resolveTenantScope({ scope: "everything" as "tenant" }));
    expect(scope.target).toBe("scope");
    expect(scope.message).toMatch(/must be "tenant"/);
  });

  it("management group ids: 1-90 of letters, digits, -_.() not ending in '.'", () => {
    expect(validateManagementGroupId("Contoso_Prod-(1).x")).toBe("Contoso_Prod-(1).x");
    for (const bad of ["", "a.", "a".repeat(91), "a b", 7]) expect(() => validateManagementGroupId(bad)).toThrow(BatchLookupError);
  });
});
