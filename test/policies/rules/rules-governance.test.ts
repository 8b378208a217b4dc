import { describe, expect, it } from "vitest";
import { compliantAccount, example } from "../examples";
import { expectViolation, judge } from "../rule-harness";

describe("batch-allowed-locations", () => {
  const RULE = "batch-allowed-locations";

  it("does not apply until locations are configured", () => {
    const j = judge(RULE, example("BatchAccountGet.json"));
    expect(j.status).toBe("not-applicable");
    expect(j.reason).toContain("allowedLocations");
  });

  it("fails an account outside the allowed regions (the examples are in japaneast)", () => {
    expectViolation(
      judge(RULE, example("BatchAccountGet.json"), { options: { allowedLocations: ["westeurope"] } }),
      "sampleacct",
      "location",
      '"japaneast" (allowed: ["westeurope"])',
    );
  });

  it("passes an allowed region, ignoring case and spaces", () => {
    expect(judge(RULE, example("BatchAccountGet.json"), { options: { allowedLocations: ["Japan East", "westeurope"] } }).status).toBe(
      "passed",
    );
  });

  it("is not yet checkable while the location is unknown", () => {
    expect(judge(RULE, compliantAccount(), { options: { allowedLocations: ["westeurope"] }, unknownPaths: [["location"]] }).status).toBe(
      "not-yet-checkable",
    );
  });
});

describe("batch-required-tags", () => {
  const RULE = "batch-required-tags";
  const options = { requiredTags: ["costCenter", "owner"] };

  it("does not apply until tags are configured", () => {
    expect(judge(RULE, example("BatchAccountGet.json")).status).toBe("not-applicable");
  });

  it("fails the official examples, which have no tags, once per missing tag", () => {
    const j = judge(RULE, example("BatchAccountGet.json"), { options });
    expectViolation(j, "sampleacct", "tags.costCenter", "tags.costCenter is missing");
    expectViolation(j, "sampleacct", "tags.owner", "tags.owner is missing");
  });

  it("passes tags present with values, compared case-insensitively", () => {
    expect(judge(RULE, compliantAccount(), { options }).status).toBe("passed");
    expect(judge(RULE, compliantAccount(), { options: { requiredTags: ["COSTCENTER"] } }).status).toBe("passed");
  });

  it("fails an empty value unless allowEmptyValues", () => {
    const account = compliantAccount();
    account.tags!.owner = "";
    expectViolation(judge(RULE, account, { options }), "sampleacct", "tags.owner", "is empty");
    expect(judge(RULE, account, { options: { ...options, allowEmptyValues: true } }).status).toBe("passed");
  });

  it("counts a tag whose value is not known yet as present, and is not yet checkable while all tags are unknown", () => {
    expect(judge(RULE, compliantAccount(), { options, unknownPaths: [["tags", "owner"]] }).status).toBe("passed");
    expect(judge(RULE, compliantAccount(), { options, unknownPaths: [["tags"]] }).status).toBe("not-yet-checkable");
  });
});
