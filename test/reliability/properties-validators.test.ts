/**
 * Property-based tests (fast-check) of the validators: for any JavaScript value, a validator returns
 * the value exactly when an independent statement of the rule accepts it, and otherwise throws a
 * BatchLookupError naming the field and the rule; nothing else is ever thrown, and no request is
 * made (through the public lookups too).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { BatchLookupError, getBatchAccount, listBatchAccounts } from "../../provider";
import { validateAccountName, validateResourceGroupName, validateSubscriptionId } from "../../provider/model/names";
import { optionsFor, PROPERTY_RUNS as RUNS, startPagedEmulator } from "./helpers";

// ---------------------------------------------------------------------------------------------
// Validators

/** The rules, stated independently of provider/model/names.ts. */
const oracle = {
  accountName(v: unknown): boolean {
    if (typeof v !== "string" || v.length < 3 || v.length > 24) return false;
    for (const ch of v) {
      const c = ch.charCodeAt(0);
      const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (!ok || ch.length !== 1) return false;
    }
    return true;
  },
  resourceGroupName(v: unknown): boolean {
    if (typeof v !== "string") return false;
    const chars = [...v];
    if (chars.length < 1 || chars.length > 90 || v.endsWith(".")) return false;
    return chars.every((ch) => "-_.()".includes(ch) || /^\p{L}$/u.test(ch) || /^\p{Nd}$/u.test(ch));
  },
  subscriptionId(v: unknown): boolean {
    if (typeof v !== "string" || v.length !== 36) return false;
    return [...v].every((ch, i) => ([8, 13, 18, 23].includes(i) ? ch === "-" : "0123456789abcdefABCDEF".includes(ch)));
  },
};

const RULES = {
  accountName: "a Batch account name must be 3 to 24 characters, ASCII letters and digits only",
  resourceGroupName: "a resource group name must be 1 to 90 characters of letters, digits",
  subscriptionId: "a subscription id must be a GUID",
};

/** Values near the valid ones: valid names with a character inserted, removed or replaced. */
function nearby(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const odd = fc.constantFrom(
    "-",
    "_",
    ".",
    "/",
    "\\",
    " ",
    "\n",
    "\u0000",
    "%",
    "?",
    "#",
    "\u0430",
    "\uff41",
    "\u0661",
    "\u200b",
    "e\u0301",
    "\u{1F600}",
    "..",
    "../",
  );
  return fc.tuple(valid, fc.nat(), odd, fc.constantFrom("insert", "replace", "delete", "append")).map(([s, i, ch, op]) => {
    const at = s.length === 0 ? 0 : i % s.length;
    if (op === "insert") return s.slice(0, at) + ch + s.slice(at);
    if (op === "replace") return s.slice(0, at) + ch + s.slice(at + 1);
    if (op === "delete") return s.slice(0, at) + s.slice(at + 1);
    return s + ch;
  });
}

const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""));
const validAccount = fc.array(alnum, { minLength: 3, maxLength: 24 }).map((a) => a.join(""));
const rgChar = fc.oneof(alnum, fc.constantFrom("-", "_", ".", "(", ")", "\u00e9", "\u5c71", "\u0661"));
const validRg = fc
  .array(rgChar, { minLength: 1, maxLength: 90 })
  .map((a) => a.join(""))
  .filter((s) => !s.endsWith("."));
const hex = fc.constantFrom(..."0123456789abcdefABCDEF".split(""));
const hexN = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(""));
const validGuid = fc.tuple(hexN(8), hexN(4), hexN(4), hexN(4), hexN(12)).map((p) => p.join("-"));

const anyValue = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom<unknown>(null, undefined, Number.NaN, 0, -1, 1n, true, [], {}, () => "x", Symbol("x"), new String("abcdef"), new Date(0)),
);

function checkValidator(field: keyof typeof RULES, validate: (v: unknown) => string, good: fc.Arbitrary<string>): void {
  fc.assert(
    fc.property(fc.oneof(good, nearby(good), anyValue), (value) => {
      let result: string | undefined;
      let error: unknown;
      try {
        result = validate(value);
      } catch (err) {
        error = err;
      }
      if (oracle[field](value)) {
        expect(error).toBeUndefined();
        expect(result).toBe(value);
      } else {
        expect(error).toBeInstanceOf(BatchLookupError);
        const e = error as BatchLookupError;
        expect(e.code).toBe("InvalidArgument");
        expect(e.target).toBe(field);
        expect(e.message.startsWith(`Invalid ${field} `)).toBe(true);
        expect(e.message.includes(RULES[field]) || e.message.endsWith(": must be a string.")).toBe(true);
      }
    }),
    { numRuns: RUNS * 3 },
  );
}

describe("validators (property-based)", () => {
  it("accountName: accepted exactly when the rule says so; otherwise a BatchLookupError naming the field and rule", () => {
    checkValidator("accountName", validateAccountName, validAccount);
  });
  it("resourceGroupName: likewise", () => {
    checkValidator("resourceGroupName", validateResourceGroupName, validRg);
  });
  it("subscriptionId: likewise", () => {
    checkValidator("subscriptionId", validateSubscriptionId, validGuid);
  });

  describe("through the public lookups", () => {
    let emu: RunningEmulator;
    const saved: Record<string, string | undefined> = {};
    beforeAll(async () => {
      // No default subscription from the environment: an absent one is then invalid too.
      for (const name of ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"]) {
        saved[name] = process.env[name];
        delete process.env[name];
      }
      emu = await startPagedEmulator();
    });
    afterAll(async () => {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
      await emu.stop();
    });

    it("invalid arguments of any type reject with InvalidArgument and send nothing", async () => {
      const arg = (good: fc.Arbitrary<string>) => fc.oneof(good, nearby(good), anyValue);
      await fc.assert(
        fc.asyncProperty(
          arg(validAccount),
          arg(validRg),
          arg(validGuid),
          fc.boolean(),
          async (accountName, resourceGroupName, subscriptionId, list) => {
            const valid =
              oracle.accountName(accountName) && oracle.resourceGroupName(resourceGroupName) && oracle.subscriptionId(subscriptionId);
            fc.pre(!valid);
            const args = { accountName, resourceGroupName, subscriptionId } as never;
            // A list ignores accountName, and an absent resourceGroupName is valid for it.
            const rgAbsent = resourceGroupName === undefined || resourceGroupName === null;
            const listInvalid = !oracle.subscriptionId(subscriptionId) || (!rgAbsent && !oracle.resourceGroupName(resourceGroupName));
            const call = list && listInvalid ? listBatchAccounts(args, optionsFor(emu)) : getBatchAccount(args, optionsFor(emu));
            const err = await call.then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(err).toBeInstanceOf(BatchLookupError);
            expect((err as BatchLookupError).code).toBe("InvalidArgument");
            expect(["accountName", "resourceGroupName", "subscriptionId"]).toContain((err as BatchLookupError).target);
          },
        ),
        { numRuns: RUNS },
      );
      expect(emu.stats().total).toBe(0);
    });
  });
});
