// The JSON path an InvalidResponse names for a Batch account field that contradicts the schema:
// list items are numbered across pages, nested items (private endpoint connections, IP rules)
// by their index, whether the account comes from a list page or from a Get.
import { describe, expect, it } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { parseBatchAccount, parseBatchAccountPage } from "../../../provider/model/parse-batch-account";

const ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct";

function account(properties: Record<string, unknown>): Record<string, unknown> {
  return { id: ID, location: "westeurope", properties: { accountEndpoint: "acct.westeurope.batch.azure.com", ...properties } };
}

function failure(parse: () => unknown): BatchLookupError {
  try {
    parse();
  } catch (err) {
    if (err instanceof BatchLookupError) return err;
    throw err;
  }
  throw new Error("the parse did not fail");
}

describe("error paths of the Batch account parser", () => {
  const badConnection = account({
    privateEndpointConnections: [{ properties: { provisioningState: "Succeeded" } }, { properties: { provisioningState: 7 } }],
  });

  it("numbers a list's items across pages and names the nested item and field", () => {
    const err = failure(() => parseBatchAccountPage({ value: [account({}), badConnection] }, 200));
    expect(err.code).toBe("InvalidResponse");
    expect(err.target).toBe("value[201].properties.privateEndpointConnections[1].properties.provisioningState");
    expect(err.message).toBe(
      "Azure Resource Manager returned a Batch account list whose value[201].properties.privateEndpointConnections[1].properties.provisioningState is 7, but the 2024-07-01 schema requires a string.",
    );
  });

  it("names an item that is not an object by its index, and a top-level field under it", () => {
    expect(failure(() => parseBatchAccountPage({ value: [account({}), "x"] }, 0)).target).toBe("value[1]");
    expect(failure(() => parseBatchAccountPage({ value: [{ ...account({}), location: 1 }] }, 5)).target).toBe("value[5].location");
    expect(
      failure(() =>
        parseBatchAccountPage({ value: [account({ networkProfile: { accountAccess: { defaultAction: "Deny", ipRules: [{}] } } })] }, 0),
      ).target,
    ).toBe("value[0].properties.networkProfile.accountAccess.ipRules[0].action");
  });

  it("names the same fields under the Get's path", () => {
    expect(failure(() => parseBatchAccount(badConnection)).target).toBe(
      "account.properties.privateEndpointConnections[1].properties.provisioningState",
    );
    expect(failure(() => parseBatchAccount(account({ privateEndpointConnections: [3] }))).target).toBe(
      "account.properties.privateEndpointConnections[0]",
    );
  });
});
