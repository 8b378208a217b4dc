// The reference's lifecycle, once, on the library's getBatchAccount against the ARM emulator: what
// both doors (the dynamic provider and the plugin's resource) record, compare and refresh.

import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import * as policies from "../../../policies/unknowns";
import { BATCH_ACCOUNT_FIELD_NAMES, BatchLookupError, getBatchAccount, StaticTokenCredential } from "../../../provider";
import { parseBatchAccount } from "../../../provider/model/parse-batch-account";
import { hasUnknown, UNKNOWN_VALUE } from "../../../provider/reference/engine-values";
import { type AccountKey, OUTPUT_KEYS, type ReferenceLifecycle, referenceLifecycle } from "../../../provider/reference/lifecycle";

const SAMPLE = { subscriptionId: EXAMPLES_SUBSCRIPTION_ID, resourceGroupName: "default-azurebatch-japaneast", accountName: "sampleacct" };

let emu: RunningEmulator;
let lifecycle: ReferenceLifecycle;
let lookups: AccountKey[];

beforeAll(async () => {
  emu = await startEmulator({ https: false });
  const options = { endpoint: emu.url, credential: new StaticTokenCredential(emu.token) };
  // The door's default subscription is the lookup's to fill in, as the plugin's provider does.
  lifecycle = referenceLifecycle((key) => {
    lookups.push(key);
    const subscriptionId = key.subscriptionId ?? EXAMPLES_SUBSCRIPTION_ID;
    return getBatchAccount({ ...key, subscriptionId } as Parameters<typeof getBatchAccount>[0], options);
  });
});
afterAll(async () => emu?.stop());
beforeEach(() => {
  lookups = [];
  emu.resetData();
});

function containsUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  return typeof value === "object" && value !== null && Object.values(value).some(containsUndefined);
}

const sampleModel = () => parseBatchAccount(emu.getAccount(SAMPLE)!);

describe("the unknown-value sentinel", () => {
  it("is Pulumi's, and the policy pack's copy is the same", () => {
    expect(UNKNOWN_VALUE).toBe(pulumi.runtime.unknownValue);
    expect(policies.UNKNOWN_STRING_SENTINEL).toBe(UNKNOWN_VALUE);
    expect(policies.UNKNOWN_SENTINELS.has(UNKNOWN_VALUE)).toBe(true);
  });

  it("is found anywhere in a value, inside secrets too", () => {
    expect(hasUnknown({ a: [1, { b: UNKNOWN_VALUE }] })).toBe(true);
    expect(hasUnknown({ secret: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: UNKNOWN_VALUE } })).toBe(
      true,
    );
    expect(hasUnknown({ a: "04da6b54", b: null, c: [] })).toBe(false);
  });
});

describe("check", () => {
  it("reads the account: every field that has a value, id included, and the lookup arguments as given", async () => {
    const { inputs, failures } = await lifecycle.check({ ...SAMPLE });
    expect(failures).toBeUndefined();
    const account = sampleModel();
    for (const field of BATCH_ACCOUNT_FIELD_NAMES)
      expect(inputs[field], field).toEqual(account[field] === undefined ? undefined : JSON.parse(JSON.stringify(account[field])));
    expect(inputs).toMatchObject({
      id: account.id,
      accountName: "sampleacct",
      resourceGroupName: SAMPLE.resourceGroupName,
      subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
    });
    expect(Object.values(inputs)).not.toContain(undefined);
    expect(containsUndefined(inputs)).toBe(false);
    expect(lookups).toHaveLength(1);
  });

  it("keeps the names as given (ARM's names are case-insensitive)", async () => {
    const { inputs } = await lifecycle.check({
      ...SAMPLE,
      accountName: "SampleAcct",
      subscriptionId: EXAMPLES_SUBSCRIPTION_ID.toUpperCase(),
    });
    expect(inputs.accountName).toBe("SampleAcct");
    expect(inputs.name).toBe("sampleacct");
    expect(inputs.subscriptionId).toBe(EXAMPLES_SUBSCRIPTION_ID.toUpperCase());
  });

  it("records a subscription not given as the one the account was read in", async () => {
    const { inputs } = await lifecycle.check({ accountName: SAMPLE.accountName, resourceGroupName: SAMPLE.resourceGroupName });
    expect(lookups[0]!.subscriptionId).toBeUndefined();
    expect(inputs.subscriptionId).toBe(EXAMPLES_SUBSCRIPTION_ID);
  });

  it("with an argument not known yet, returns the inputs as they are and reads nothing", async () => {
    const news = { ...SAMPLE, accountName: UNKNOWN_VALUE };
    expect(await lifecycle.check(news)).toEqual({ inputs: news });
    expect(lookups).toEqual([]);
  });

  it("answers bad input as a failure naming the property", async () => {
    const news = { ...SAMPLE, accountName: "no_such-name!" };
    const { inputs, failures } = await lifecycle.check(news);
    expect(inputs).toEqual(news);
    expect(failures).toHaveLength(1);
    expect(failures![0]!.property).toBe("accountName");
    expect(failures![0]!.reason).toMatch(/accountName/);
  });

  it("throws what ARM says of an account that does not exist", async () => {
    const err = await lifecycle.check({ ...SAMPLE, accountName: "nosuchaccount" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchLookupError);
    expect(err).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });
});

describe("create", () => {
  it("records the account check read, without reading again; the outputs are the inputs", async () => {
    const { inputs } = await lifecycle.check({ ...SAMPLE });
    lookups = [];
    const { id, outs } = await lifecycle.create({ ...inputs, __provider: "serialized" });
    expect(lookups).toEqual([]);
    expect(id).toBe(inputs.id);
    expect(outs).toEqual(inputs);
    expect(Object.keys(outs).every((k) => OUTPUT_KEYS.includes(k))).toBe(true);
  });

  it("reads the account when the inputs are not a read account", async () => {
    const { id, outs } = await lifecycle.create({ ...SAMPLE });
    expect(lookups).toHaveLength(1);
    expect(id).toBe(sampleModel().id);
    expect(outs.accountEndpoint).toBe(sampleModel().accountEndpoint);
  });
});

describe("diff", () => {
  it("shows no change for the same account, whatever a door adds and in whatever order the keys come", async () => {
    const { inputs } = await lifecycle.check({ ...SAMPLE });
    const { outs } = await lifecycle.create(inputs);
    const reordered = Object.fromEntries(Object.entries({ ...inputs, __provider: "another" }).reverse());
    expect(lifecycle.diff({ ...outs, __provider: "one" }, reordered)).toEqual({
      changes: false,
      replaces: [],
      changed: [],
      deleteBeforeReplace: true,
    });
  });

  it("names the fields that changed in Azure", async () => {
    const olds = (await lifecycle.create((await lifecycle.check({ ...SAMPLE })).inputs)).outs;
    emu.patchAccount(SAMPLE, { properties: { publicNetworkAccess: "Disabled" }, tags: { costCenter: "4711" } });
    const { inputs: news } = await lifecycle.check({ ...SAMPLE });
    const diff = lifecycle.diff(olds, news);
    expect({ ...diff, changed: [...diff.changed].sort() }).toEqual({
      changes: true,
      replaces: [],
      changed: ["publicNetworkAccess", "tags"],
      deleteBeforeReplace: true,
    });
  });

  it("replaces the reference when it names another account, but not for another casing of the same", async () => {
    const olds = (await lifecycle.create((await lifecycle.check({ ...SAMPLE })).inputs)).outs;
    const cased = (await lifecycle.check({ ...SAMPLE, accountName: "SAMPLEACCT" })).inputs;
    expect(lifecycle.diff(olds, cased)).toMatchObject({ changes: true, replaces: [], changed: ["accountName"] });
    const other = { ...SAMPLE, accountName: UNKNOWN_VALUE };
    expect(lifecycle.diff(olds, other)).toMatchObject({ changes: true, replaces: ["accountName"] });
    // A subscription left to the default is not known to change until check reads the account.
    const { subscriptionId: _s, ...defaulted } = other;
    expect(lifecycle.diff(olds, defaulted)).toMatchObject({ changes: true, replaces: ["accountName"] });
    expect(lifecycle.diff(olds, { ...other, subscriptionId: "00000000-0000-0000-0000-000000000000" })).toMatchObject({
      replaces: ["accountName", "subscriptionId"],
    });
  });
});

describe("read, update and delete", () => {
  it("read refreshes outputs and inputs; undefined once the account is gone", async () => {
    const { inputs } = await lifecycle.check({ ...SAMPLE });
    const { outs } = await lifecycle.create(inputs);
    emu.patchAccount(SAMPLE, { properties: { publicNetworkAccess: "Disabled" } });
    const read = await lifecycle.read(outs);
    expect(read!.id).toBe(inputs.id);
    expect(read!.props.publicNetworkAccess).toBe("Disabled");
    expect(read!.inputs).toEqual(read!.props);
    emu.deleteAccount(SAMPLE);
    expect(await lifecycle.read(outs)).toBeUndefined();
  });

  it("read throws any other failure", async () => {
    const err = await lifecycle.read({ ...SAMPLE, accountName: "bad name" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "InvalidArgument", target: expect.stringMatching(/^accountName/) });
  });

  it("update records check's account; delete reads and writes nothing", async () => {
    const { inputs } = await lifecycle.check({ ...SAMPLE });
    expect(lifecycle.update({ ...inputs, __provider: "p" })).toEqual({ outs: inputs });
    emu.clearStats();
    lookups = [];
    lifecycle.delete();
    expect(lookups).toEqual([]);
    expect(emu.stats().requests).toEqual([]);
    expect(emu.getAccount(SAMPLE)).toBeDefined();
  });
});
