import { describe, expect, it } from "vitest";
import type { BatchAccount } from "../../../provider/model/batch-account";
import { compliantAccount, example, exampleAccounts } from "../examples";
import { expectViolation, judge } from "../rule-harness";

/** A public account whose network profile does everything right. */
function publicButRestricted(): BatchAccount {
  const account = compliantAccount();
  account.publicNetworkAccess = "Enabled";
  account.networkProfile = {
    accountAccess: {
      defaultAction: "Deny",
      ipRules: [
        { action: "Allow", value: "203.0.113.0/24" },
        { action: "Allow", value: "198.51.100.7" },
      ],
    },
    nodeManagementAccess: { defaultAction: "Deny", ipRules: [{ action: "Allow", value: "10.20.0.0/16" }] },
  };
  return account;
}

describe("batch-public-network-access-disabled", () => {
  const RULE = "batch-public-network-access-disabled";

  it("fails the official examples with public access Enabled and passes the private ones", () => {
    for (const { id, account } of exampleAccounts()) {
      const j = judge(RULE, account);
      if (account.publicNetworkAccess === "Disabled") expect(j.status, id).toBe("passed");
      else expectViolation(j, "sampleacct", "publicNetworkAccess", '"Enabled"');
    }
    expect(judge(RULE, example("PrivateBatchAccountGet.json")).status).toBe("passed");
    expect(judge(RULE, example("PrivateBatchAccountCreate.json")).status).toBe("passed");
  });

  it("treats an absent value as Enabled", () => {
    const account = compliantAccount();
    delete (account as Partial<BatchAccount>).publicNetworkAccess;
    expectViolation(judge(RULE, account), "sampleacct", "publicNetworkAccess", 'publicNetworkAccess is "Enabled"');
  });

  it("rejects SecuredByPerimeter unless the options allow it", () => {
    const account = compliantAccount();
    account.publicNetworkAccess = "SecuredByPerimeter";
    expectViolation(judge(RULE, account), "sampleacct", "publicNetworkAccess", '"SecuredByPerimeter" (allowed: ["Disabled"])');
    expect(judge(RULE, account, { options: { allowedValues: ["Disabled", "SecuredByPerimeter"] } }).status).toBe("passed");
  });

  it("is not yet checkable while publicNetworkAccess is unknown", () => {
    const j = judge(RULE, compliantAccount(), { unknownPaths: [["publicNetworkAccess"]] });
    expect(j.status).toBe("not-yet-checkable");
    expect(j.properties).toEqual(["publicNetworkAccess"]);
  });

  it("rejects an allowed value outside the enumeration", () => {
    expect(() => judge(RULE, compliantAccount(), { options: { allowedValues: ["Off"] } })).toThrow(
      /option allowedValues\[0\] must be equal to one of the allowed values \("Disabled", "SecuredByPerimeter", "Enabled"\)/,
    );
  });
});

describe("batch-network-rules-restricted", () => {
  const RULE = "batch-network-rules-restricted";

  it("does not apply when public network access is Disabled or SecuredByPerimeter", () => {
    const j = judge(RULE, example("PrivateBatchAccountGet.json"));
    expect(j.status).toBe("not-applicable");
    expect(j.reason).toContain('publicNetworkAccess is "Disabled"');
    const perimeter = compliantAccount();
    perimeter.publicNetworkAccess = "SecuredByPerimeter";
    expect(judge(RULE, perimeter).status).toBe("not-applicable");
  });

  it("fails the public official examples: neither endpoint has an access profile", () => {
    const j = judge(RULE, example("BatchAccountGet.json"));
    expectViolation(j, "sampleacct", "networkProfile.accountAccess", "accepts every address");
    expectViolation(j, "sampleacct", "networkProfile.nodeManagementAccess", "accepts every address");
    expect(j.messages).toHaveLength(2);
  });

  it("passes a public account that denies by default and allows narrow ranges", () => {
    expect(judge(RULE, publicButRestricted()).status).toBe("passed");
  });

  it("fails defaultAction Allow", () => {
    const account = publicButRestricted();
    account.networkProfile!.nodeManagementAccess!.defaultAction = "Allow";
    expectViolation(judge(RULE, account), "sampleacct", "networkProfile.nodeManagementAccess.defaultAction", '"Allow"; it must be "Deny"');
  });

  it("fails 0.0.0.0/0 and ranges wider than the configured prefix", () => {
    const account = publicButRestricted();
    account.networkProfile!.accountAccess!.ipRules!.push({ action: "Allow", value: "0.0.0.0/0" });
    expectViolation(judge(RULE, account), "sampleacct", "networkProfile.accountAccess.ipRules[2].value", '"0.0.0.0/0", wider than /16');
    const wide = publicButRestricted();
    wide.networkProfile!.accountAccess!.ipRules = [{ action: "Allow", value: "10.0.0.0/8" }];
    expectViolation(judge(RULE, wide), "sampleacct", "networkProfile.accountAccess.ipRules[0].value", "wider than /16");
    expect(judge(RULE, wide, { options: { minimumPrefixLength: 8 } }).status).toBe("passed");
    expectViolation(
      judge(RULE, publicButRestricted(), { options: { minimumPrefixLength: 24 } }),
      "sampleacct",
      "networkProfile.nodeManagementAccess.ipRules[0].value",
      "wider than /24",
    );
  });

  it("fails values that are not IPv4 addresses or CIDR ranges", () => {
    for (const value of ["any", "300.1.1.1/24", "10.0.0.0/33", "2001:db8::/32"]) {
      const account = publicButRestricted();
      account.networkProfile!.accountAccess!.ipRules = [{ action: "Allow", value }];
      expectViolation(
        judge(RULE, account),
        "sampleacct",
        "networkProfile.accountAccess.ipRules[0].value",
        "not an IPv4 address or CIDR range",
      );
    }
  });

  it("checks only the configured endpoints", () => {
    const account = publicButRestricted();
    delete account.networkProfile!.nodeManagementAccess;
    expectViolation(judge(RULE, account), "sampleacct", "networkProfile.nodeManagementAccess");
    expect(judge(RULE, account, { options: { endpoints: ["accountAccess"] } }).status).toBe("passed");
  });

  it("reports a known violation even while another value is unknown, and is not yet checkable otherwise", () => {
    const account = publicButRestricted();
    account.networkProfile!.accountAccess!.ipRules = [{ action: "Allow", value: "0.0.0.0/0" }];
    const mixed = judge(RULE, account, { unknownPaths: [["networkProfile", "accountAccess", "defaultAction"]] });
    expectViolation(mixed, "sampleacct", "networkProfile.accountAccess.ipRules[0].value", "0.0.0.0/0");
    const onlyUnknown = judge(RULE, publicButRestricted(), { unknownPaths: [["networkProfile", "accountAccess", "defaultAction"]] });
    expect(onlyUnknown.status).toBe("not-yet-checkable");
    expect(onlyUnknown.properties).toEqual(["networkProfile.accountAccess.defaultAction"]);
    expect(judge(RULE, publicButRestricted(), { unknownPaths: [["publicNetworkAccess"]] }).status).toBe("not-yet-checkable");
  });
});

describe("batch-private-link-approved", () => {
  const RULE = "batch-private-link-approved";

  it("passes PrivateBatchAccountGet.json, whose connection is Approved", () => {
    expect(judge(RULE, example("PrivateBatchAccountGet.json"), { existing: true }).status).toBe("passed");
  });

  it("fails an existing account without private endpoint connections", () => {
    expectViolation(
      judge(RULE, example("BatchAccountGet.json"), { existing: true }),
      "sampleacct",
      "privateEndpointConnections",
      "there are none",
    );
  });

  it("fails connections that are not Approved, listing their statuses", () => {
    const account = example("PrivateBatchAccountGet.json");
    account.privateEndpointConnections![0]!.privateLinkServiceConnectionState!.status = "Pending";
    expectViolation(judge(RULE, account, { existing: true }), "sampleacct", "privateEndpointConnections", '["Pending"]');
  });

  it("honours minimumApprovedConnections", () => {
    expectViolation(
      judge(RULE, example("PrivateBatchAccountGet.json"), { existing: true, options: { minimumApprovedConnections: 2 } }),
      "sampleacct",
      "privateEndpointConnections",
      "1 connection(s)",
    );
  });

  it("does not apply to an account that is only declared", () => {
    const j = judge(RULE, example("BatchAccountGet.json"));
    expect(j.status).toBe("not-applicable");
    expect(j.reason).toContain("existing accounts");
  });

  it("is not yet checkable while the connections are unknown", () => {
    expect(
      judge(RULE, example("PrivateBatchAccountGet.json"), { existing: true, unknownPaths: [["privateEndpointConnections"]] }).status,
    ).toBe("not-yet-checkable");
  });
});
