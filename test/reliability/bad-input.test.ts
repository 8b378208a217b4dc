/**
 * Bad input never reaches the network: invalid account names, resource group names,
 * subscription ids, non-string values and malformed options from JavaScript callers are
 * rejected with a BatchLookupError naming the field and the rule, and the emulator sees no
 * request at all (nor is a token asked for).
 */

import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { type BatchLookupError, closeClients, getBatchAccount, type LookupOptions, listBatchAccounts } from "../../provider";
import { ACCOUNT, optionsFor, RG, rejection, SUB, startPagedEmulator } from "./helpers";

let emu: RunningEmulator;
let tokenRequests = 0;

/** A credential that counts how often a token is asked for (it must never be, for bad input). */
class CountingCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    tokenRequests++;
    return { token: "azure-batch-lookup-emulator-token", expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

function opts(extra: Partial<LookupOptions> = {}): LookupOptions {
  return optionsFor(emu, { credential: new CountingCredential(), ...extra });
}

const SAVED_ENV: Record<string, string | undefined> = {};
const SUBSCRIPTION_ENV = ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"];

beforeAll(async () => {
  // No configured default subscription: an empty or missing subscriptionId must be an error.
  for (const name of SUBSCRIPTION_ENV) {
    SAVED_ENV[name] = process.env[name];
    delete process.env[name];
  }
  emu = await startPagedEmulator();
});

afterAll(async () => {
  for (const name of SUBSCRIPTION_ENV) if (SAVED_ENV[name] !== undefined) process.env[name] = SAVED_ENV[name];
  await closeClients();
  await emu.stop();
});

function expectNoTraffic(): void {
  expect(emu.stats().total).toBe(0);
  expect(tokenRequests).toBe(0);
}

const ACCOUNT_RULE = /accountName .*: a Batch account name must be 3 to 24 characters, ASCII letters and digits only/;
const RG_RULE =
  /resourceGroupName .*: a resource group name must be 1 to 90 characters of letters, digits, '-', '_', '\.', '\(' and '\)', and must not end with '\.'/;
const SUB_RULE = /subscriptionId .*: a subscription id must be a GUID/;
const STRING_RULE = (field: string) => new RegExp(`Invalid ${field} .*: must be a string`);

const BAD_ACCOUNT_NAMES: Array<[string, string]> = [
  ["too short", "ab"],
  ["too long", "a".repeat(25)],
  ["empty", ""],
  ["hyphen", "my-account"],
  ["underscore", "my_account"],
  ["dot", "my.account"],
  ["space", "my account"],
  ["leading space", " myaccount"],
  ["trailing newline", "myaccount\n"],
  ["path traversal", "../x"],
  ["parent segment", ".."],
  ["slash", "a/b"],
  ["backslash", "a\\b"],
  ["encoded slash", "a%2Fb"],
  ["query", "abc?api-version=1"],
  ["fragment", "abc#x"],
  ["Cyrillic look-alike а", "s\u0430mpleacct"],
  ["Greek look-alike ο", "sampleacct\u03bf"],
  ["fullwidth letters", "\uff53\uff41\uff4d\uff50\uff4c\uff45"],
  ["Arabic-Indic digits", "acct\u0661\u0662"],
  ["zero-width space", "sample\u200bacct"],
  ["NUL", "sample\u0000acct"],
  ["emoji", "acct\u{1F600}"],
  ["24 letters and a combining mark", `${"a".repeat(23)}e\u0301`],
];

const BAD_RESOURCE_GROUP_NAMES: Array<[string, string]> = [
  ["empty", ""],
  ["too long", "r".repeat(91)],
  ["trailing dot", "rg-batch."],
  ["only a dot", "."],
  ["parent segment", ".."],
  ["path traversal", "../x"],
  ["slash", "a/b"],
  ["backslash", "a\\b"],
  ["space", "rg batch"],
  ["hash", "rg#1"],
  ["question mark", "rg?x"],
  ["percent", "rg%2F"],
  ["colon", "rg:1"],
  ["asterisk", "rg*"],
  ["ampersand", "rg&x"],
  ["NUL", "rg\u0000"],
  ["newline", "rg\n"],
  ["emoji", "rg\u{1F600}"],
];

const BAD_SUBSCRIPTION_IDS: Array<[string, string]> = [
  ["not a GUID", "subid"],
  ["35 characters", "5ab1d000-0000-4000-8000-00000000000"],
  ["37 characters", "5ab1d000-0000-4000-8000-0000000000000"],
  ["braces", `{${SUB}}`],
  ["non-hex", "5ab1d000-0000-4000-8000-00000000000g"],
  ["no hyphens", "5ab1d0000000400080000000000000000000"],
  ["path segment", `${SUB}/../x`],
  ["path traversal", "../x"],
  ["trailing newline", `${SUB}\n`],
  ["fullwidth digit", `${SUB.slice(0, -1)}\uff10`],
  ["whitespace", ` ${SUB}`],
];

const NON_STRINGS: Array<[string, unknown]> = [
  ["number", 123],
  ["boolean", true],
  ["object", { toString: () => "sampleacct" }],
  ["array", ["sampleacct"]],
  ["String object", new String("sampleacct")],
  ["bigint", 12n],
  ["symbol", Symbol("sampleacct")],
  ["function", () => "sampleacct"],
  ["NaN", Number.NaN],
];

describe("bad input is rejected before any request", () => {
  it.each(BAD_ACCOUNT_NAMES)("accountName: %s", async (_label, accountName) => {
    const err = await rejection(getBatchAccount({ accountName, resourceGroupName: RG, subscriptionId: SUB }, opts()));
    expect(err.code).toBe("InvalidArgument");
    expect(err.target).toBe("accountName");
    expect(err.message).toMatch(ACCOUNT_RULE);
    expectNoTraffic();
  });

  it.each(BAD_RESOURCE_GROUP_NAMES)("resourceGroupName: %s (get and list)", async (_label, resourceGroupName) => {
    for (const call of [
      () => getBatchAccount({ accountName: ACCOUNT, resourceGroupName, subscriptionId: SUB }, opts()),
      () => listBatchAccounts({ resourceGroupName, subscriptionId: SUB }, opts()),
    ]) {
      const err = await rejection(call());
      expect(err.code).toBe("InvalidArgument");
      expect(err.target).toBe("resourceGroupName");
      expect(err.message).toMatch(RG_RULE);
    }
    expectNoTraffic();
  });

  it.each(BAD_SUBSCRIPTION_IDS)("subscriptionId: %s (get, list, list by resource group)", async (_label, subscriptionId) => {
    for (const call of [
      () => getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId }, opts()),
      () => listBatchAccounts({ subscriptionId }, opts()),
      () => listBatchAccounts({ subscriptionId, resourceGroupName: RG }, opts()),
    ]) {
      const err = await rejection(call());
      expect(err.code).toBe("InvalidArgument");
      expect(err.target).toBe("subscriptionId");
      expect(err.message).toMatch(SUB_RULE);
    }
    expectNoTraffic();
  });

  it("an empty or missing subscriptionId with none configured names the field and where to set it", async () => {
    for (const subscriptionId of ["", undefined, null]) {
      const err = await rejection(
        getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: subscriptionId as string }, opts()),
      );
      expect(err.code).toBe("InvalidArgument");
      expect(err.target).toBe("subscriptionId");
      expect(err.message).toMatch(/No subscriptionId: pass it as an argument, or set Pulumi config azure-batch-lookup:subscriptionId/);
    }
    expectNoTraffic();
  });

  it.each(NON_STRINGS)("non-string values from JavaScript: %s", async (_label, value) => {
    const v = value as string;
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["accountName", () => getBatchAccount({ accountName: v, resourceGroupName: RG, subscriptionId: SUB }, opts())],
      ["resourceGroupName", () => getBatchAccount({ accountName: ACCOUNT, resourceGroupName: v, subscriptionId: SUB }, opts())],
      ["subscriptionId", () => getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: v }, opts())],
      ["resourceGroupName", () => listBatchAccounts({ resourceGroupName: v, subscriptionId: SUB }, opts())],
      ["subscriptionId", () => listBatchAccounts({ subscriptionId: v }, opts())],
    ];
    for (const [field, call] of cases) {
      const err = await rejection(call());
      expect(err.code).toBe("InvalidArgument");
      expect(err.target).toBe(field);
      expect(err.message).toMatch(STRING_RULE(field));
    }
    expectNoTraffic();
  });

  it("missing required arguments and non-object args", async () => {
    const missing = await rejection(getBatchAccount({ resourceGroupName: RG, subscriptionId: SUB } as never, opts()));
    expect(missing.target).toBe("accountName");
    expect(missing.message).toMatch(STRING_RULE("accountName"));
    const missingRg = await rejection(getBatchAccount({ accountName: ACCOUNT, subscriptionId: SUB } as never, opts()));
    expect(missingRg.target).toBe("resourceGroupName");
    for (const args of ["sampleacct", 42, [ACCOUNT, RG], true]) {
      const a = await rejection(getBatchAccount(args as never, opts()));
      expect(a.target).toBe("args");
      expect(a.message).toMatch(/Invalid args .*: must be an object/);
      const l = await rejection(listBatchAccounts(args as never, opts()));
      expect(l.target).toBe("args");
    }
    const none = await rejection(getBatchAccount(undefined as never, opts()));
    expect(none.target).toBe("accountName");
    expectNoTraffic();
  });

  it("a long bad value is shortened in the message, and quoted safely", async () => {
    const err = await rejection(
      getBatchAccount({ accountName: `x"\n${"y".repeat(500)}`, resourceGroupName: RG, subscriptionId: SUB }, opts()),
    );
    expect(err.message.length).toBeLessThan(300);
    expect(err.message).not.toContain("\n");
    expectNoTraffic();
  });

  const BAD_OPTIONS: Array<[string, Partial<LookupOptions>, RegExp]> = [
    ["maxConcurrentRequests 0", { maxConcurrentRequests: 0 }, /maxConcurrentRequests must be a positive integer/],
    ["maxConcurrentRequests 1.5", { maxConcurrentRequests: 1.5 }, /maxConcurrentRequests must be a positive integer/],
    ["maxConcurrentRequests NaN", { maxConcurrentRequests: Number.NaN }, /maxConcurrentRequests must be a positive integer/],
    ["retry.maxRetries -1", { retry: { maxRetries: -1 } }, /retry\.maxRetries must be an integer of at least 0/],
    ["retry.maxRetries NaN", { retry: { maxRetries: Number.NaN } }, /retry\.maxRetries must be an integer of at least 0/],
    [
      "retry.maxRetries Infinity",
      { retry: { maxRetries: Number.POSITIVE_INFINITY } },
      /retry\.maxRetries must be an integer of at least 0/,
    ],
    ["retry.baseDelayMs -5", { retry: { baseDelayMs: -5 } }, /retry\.baseDelayMs must be a number of milliseconds of at least 0/],
    ["retry.maxDelayMs as a string", { retry: { maxDelayMs: "100" as never } }, /retry\.maxDelayMs must be a number of milliseconds/],
    ["retry.totalTimeoutMs 0", { retry: { totalTimeoutMs: 0 } }, /retry\.totalTimeoutMs must be a number of milliseconds of at least 1/],
    [
      "retry.totalTimeoutMs Infinity",
      { retry: { totalTimeoutMs: Number.POSITIVE_INFINITY } },
      /retry\.totalTimeoutMs must be a number of milliseconds/,
    ],
    ["timeouts.headersMs -1", { timeouts: { headersMs: -1 } }, /timeouts\.headersMs must be a number of milliseconds of at least 1/],
    ["timeouts.bodyMs NaN", { timeouts: { bodyMs: Number.NaN } }, /timeouts\.bodyMs must be a number of milliseconds/],
    ["timeouts.attemptMs 0", { timeouts: { attemptMs: 0 } }, /timeouts\.attemptMs must be a number of milliseconds of at least 1/],
    [
      "timeouts.connectMs as a string",
      { timeouts: { connectMs: "1000" as never } },
      /timeouts\.connectMs must be a number of milliseconds/,
    ],
    ["retry is not an object", { retry: 5 as never }, /retry must be an object/],
    ["endpoint with a path", { endpoint: "https://127.0.0.1:1/subscriptions" }, /must be an origin only/],
    ["endpoint not a URL", { endpoint: "management.azure.com" }, /is not an absolute URL/],
  ];

  it.each(BAD_OPTIONS)("options: %s", async (_label, extra, message) => {
    const err = await rejection(getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts(extra)));
    expect(err.code).toBe("InvalidConfiguration");
    expect(err.message).toMatch(message);
    expectNoTraffic();
  });

  it("valid input at the limits is accepted and reaches the emulator (the checks are not too strict)", async () => {
    const ok = opts();
    // 3 and 24 characters, mixed case (ARM names are case-insensitive): 404 from ARM, not a validation error.
    for (const accountName of ["abc", "A".repeat(24), "SampleAcct"]) {
      const err = await getBatchAccount({ accountName, resourceGroupName: RG, subscriptionId: SUB }, ok).then(
        () => undefined,
        (e: unknown) => e as BatchLookupError,
      );
      if (err !== undefined) expect(err.code).not.toBe("InvalidArgument");
    }
    for (const resourceGroupName of ["r", "R".repeat(90), "rg-(batch)_1.x", "rg-\u00e9t\u00e9", "\u5c71\u7530"]) {
      const err = await listBatchAccounts({ resourceGroupName, subscriptionId: SUB.toUpperCase() }, ok).then(
        () => undefined,
        (e: unknown) => e as BatchLookupError,
      );
      if (err !== undefined) expect(err.code).not.toBe("InvalidArgument");
    }
    expect(emu.stats().total).toBe(8);
  });
});
