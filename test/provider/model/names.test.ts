import { describe, expect, it } from "vitest";
import { validateAccountName, validateResourceGroupName, validateSubscriptionId } from "../../../provider/model/names";
import { thrownBy } from "../../support/errors";

describe("accountName", () => {
  it.each(["abc", "sampleacct", "A1b2C3", "a".repeat(24)])("accepts %s", (name) => {
    expect(validateAccountName(name)).toBe(name);
  });
  it.each([
    ["ab", "too short"],
    ["a".repeat(25), "too long"],
    ["", "empty"],
    ["my-account", "hyphen"],
    ["../x", "path segment"],
    ["a/b", "slash"],
    ["acc%2F", "encoded slash"],
    ["аccount", "Cyrillic a look-alike"],
    ["acct ", "trailing space"],
  ])("rejects %j (%s) naming the field and the rule", (name) => {
    const err = thrownBy(() => validateAccountName(name));
    expect(err.code).toBe("InvalidArgument");
    expect(err.target).toBe("accountName");
    expect(err.message).toContain("accountName");
    expect(err.message).toContain("3 to 24 characters");
  });
  it.each([[42], [null], [undefined], [{}], [["abc"]]])("rejects the non-string %j", (value) => {
    const err = thrownBy(() => validateAccountName(value));
    expect(err.message).toContain("accountName");
    expect(err.message).toContain("must be a string");
  });
});

describe("resourceGroupName", () => {
  it.each(["rg", "default-azurebatch-japaneast", "My_RG.(prod)", "a".repeat(90), "ressourcengruppe-ü"])("accepts %s", (name) => {
    expect(validateResourceGroupName(name)).toBe(name);
  });
  it.each([
    ["", "empty"],
    ["a".repeat(91), "too long"],
    ["rg.", "trailing dot"],
    ["rg/x", "slash"],
    ["rg x", "space"],
    ["rg?x", "query"],
  ])("rejects %j (%s)", (name) => {
    const err = thrownBy(() => validateResourceGroupName(name));
    expect(err.target).toBe("resourceGroupName");
    expect(err.message).toMatch(/1 to 90 characters.*must not end with '\.'/);
  });
});

describe("subscriptionId", () => {
  it("accepts a GUID in either case", () => {
    expect(validateSubscriptionId("12345678-1234-1234-1234-123456789ABC")).toBe("12345678-1234-1234-1234-123456789ABC");
  });
  it.each([
    "subid",
    "",
    "12345678123412341234123456789012",
    "12345678-1234-1234-1234-12345678901z",
    "{12345678-1234-1234-1234-123456789012}",
  ])("rejects %j", (id) => {
    const err = thrownBy(() => validateSubscriptionId(id));
    expect(err.target).toBe("subscriptionId");
    expect(err.message).toContain("must be a GUID");
  });
});
