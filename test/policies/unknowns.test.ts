import * as policy from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { allOf, finding } from "../../policies/rule";
import {
  displayPath,
  isSet,
  NotYetKnownError,
  pathKey,
  readInput,
  trackUnknowns,
  UNKNOWN,
  UNKNOWN_SENTINELS,
} from "../../policies/unknowns";

const sdk = policy as unknown as { unknownCheckingProxy: <T>(v: T) => T };

describe("readInput", () => {
  it("turns the engine's sentinels and the SDK proxy's UnknownValueError into UNKNOWN", () => {
    const props = sdk.unknownCheckingProxy({ a: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", b: { c: "x" }, d: null });
    expect(readInput(props, "a")).toBe(UNKNOWN);
    expect(readInput(readInput(props, "b"), "c")).toBe("x");
    expect(readInput(props, "d")).toBeNull();
    expect(readInput(props, "missing")).toBeUndefined();
    for (const sentinel of UNKNOWN_SENTINELS) expect(readInput({ v: sentinel }, "v")).toBe(UNKNOWN);
  });
});

describe("trackUnknowns", () => {
  const account = { a: { b: [{ c: 1 }, { c: 2 }] }, tags: { x: "1" } };
  const unknown = new Set([pathKey(["a", "b", 1, "c"]), pathKey(["tags", "y"])]);

  it("throws NotYetKnownError with the path when an unknown value is read, and nothing otherwise", () => {
    const view = trackUnknowns(account, unknown);
    expect(view.a.b[0]!.c).toBe(1);
    expect(view.a.b.length).toBe(2);
    expect(Array.isArray(view.a.b)).toBe(true);
    expect(() => view.a.b[1]!.c).toThrow(NotYetKnownError);
    let caught: unknown;
    try {
      view.a.b.map((e) => e.c);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NotYetKnownError);
    expect((caught as NotYetKnownError).path).toEqual(["a", "b", 1, "c"]);
    expect((caught as Error).message).toBe("a.b[1].c is not known yet");
  });

  it("answers `in` with true for an unknown value (it exists, it is only not known)", () => {
    const view = trackUnknowns(account, unknown) as { tags: Record<string, string> };
    expect("y" in view.tags).toBe(true);
    expect("z" in view.tags).toBe(false);
    expect(isSet(view.tags, "y")).toBe(true);
    expect(isSet(view.tags, "x")).toBe(true);
    expect(isSet(view.tags, "z")).toBe(false);
  });

  it("returns the value itself when nothing is unknown", () => {
    expect(trackUnknowns(account, new Set())).toBe(account);
  });
});

describe("isSet", () => {
  it("is false for absent, null and empty values", () => {
    expect(isSet({ a: "" }, "a")).toBe(false);
    expect(isSet({ a: null }, "a")).toBe(false);
    expect(isSet({ a: undefined }, "a")).toBe(false);
    expect(isSet(undefined, "a")).toBe(false);
    expect(isSet({ a: [] }, "a")).toBe(true);
  });
});

describe("allOf", () => {
  const unknownPart = () => {
    throw new NotYetKnownError(["x"]);
  };

  it("reports definite findings even when another part needs an unknown value", () => {
    expect(allOf(unknownPart, () => finding("y", "y is wrong"))).toEqual([{ property: "y", message: "y is wrong" }]);
  });

  it("rethrows the unknown when no part found anything", () => {
    expect(() => allOf(unknownPart, () => undefined)).toThrow(NotYetKnownError);
  });

  it("does not swallow other errors", () => {
    expect(() =>
      allOf(() => {
        throw new TypeError("bug");
      }),
    ).toThrow(TypeError);
  });
});

describe("displayPath", () => {
  it("shows indices and odd keys the way users write them", () => {
    expect(displayPath(["networkProfile", "accountAccess", "ipRules", 0, "value"])).toBe("networkProfile.accountAccess.ipRules[0].value");
    expect(displayPath(["tags", "app.kubernetes.io/name"])).toBe('tags["app.kubernetes.io/name"]');
  });
});
