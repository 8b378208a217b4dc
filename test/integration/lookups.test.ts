// The four lookups against the ARM emulator over real HTTPS on loopback.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CONTOSO_SUBSCRIPTION_ID,
  EMULATOR_NO_ACCESS_TOKEN,
  EMULATOR_TOKEN,
  EXAMPLES_SUBSCRIPTION_ID,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { BatchLookupError, getBatchAccount, type LookupOptions, listBatchAccounts, StaticTokenCredential } from "../../provider";
import * as wait from "../../provider/client/wait";
import { parseBatchAccount } from "../../provider/model/parse-batch-account";

let emu: RunningEmulator;
let opts: LookupOptions;

beforeAll(async () => {
  emu = await startEmulator({ pageSize: 2 });
  opts = { endpoint: emu.url, ca: emu.caCertPem!, credential: new StaticTokenCredential(EMULATOR_TOKEN) };
});
afterAll(async () => emu?.stop());

function expected(subscriptionId: string, resourceGroupName?: string) {
  return emu
    .listAccounts(resourceGroupName === undefined ? { subscriptionId } : { subscriptionId, resourceGroupName })
    .map((a) => parseBatchAccount(a));
}

describe("getBatchAccount", () => {
  it("reads an account with its endpoint and auto-storage id", async () => {
    const account = await getBatchAccount(
      { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId: EXAMPLES_SUBSCRIPTION_ID },
      opts,
    );
    expect(account.accountEndpoint).toBe("sampleacct.japaneast.batch.azure.com");
    expect(account.autoStorage?.storageAccountId).toContain("/storageAccounts/samplestorage");
    expect(account.subscriptionId).toBe(EXAMPLES_SUBSCRIPTION_ID);
    expect(account).toEqual(
      parseBatchAccount(
        emu.getAccount({
          subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
          resourceGroupName: "default-azurebatch-japaneast",
          accountName: "sampleacct",
        }),
      ),
    );
  });

  it("matches names case-insensitively, as ARM does", async () => {
    const account = await getBatchAccount(
      { accountName: "ContosoHpcByos", resourceGroupName: "rg-batch-hpc-eastus", subscriptionId: CONTOSO_SUBSCRIPTION_ID },
      opts,
    );
    expect(account.name).toBe("contosohpcbyos");
    expect(account.resourceGroupName).toBe("RG-Batch-HPC-EastUS");
  });

  it("says which account was not found", async () => {
    const err = await getBatchAccount(
      { accountName: "nosuchacct", resourceGroupName: "rg-empty", subscriptionId: CONTOSO_SUBSCRIPTION_ID },
      opts,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(BatchLookupError);
    expect(err).toMatchObject({ code: "ResourceNotFound", statusCode: 404 });
    expect(err.message).toContain(`Batch account "nosuchacct" in resource group "rg-empty" of subscription ${CONTOSO_SUBSCRIPTION_ID}`);
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports an unknown resource group", async () => {
    const err = await getBatchAccount(
      { accountName: "nosuchacct", resourceGroupName: "rg-missing", subscriptionId: CONTOSO_SUBSCRIPTION_ID },
      opts,
    ).catch((e) => e);
    expect(err).toMatchObject({ code: "ResourceGroupNotFound", statusCode: 404 });
  });

  it("explains an authorization failure", async () => {
    const denied = { ...opts, credential: new StaticTokenCredential(EMULATOR_NO_ACCESS_TOKEN) };
    const err = await getBatchAccount(
      { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId: EXAMPLES_SUBSCRIPTION_ID },
      denied,
    ).catch((e) => e);
    expect(err).toMatchObject({ code: "AuthorizationFailed", statusCode: 403 });
    expect(err.message).toContain("Microsoft.Batch/batchAccounts/read");
  });

  it("explains an authentication failure", async () => {
    const bad = { ...opts, credential: new StaticTokenCredential("not-a-valid-token") };
    const err = await getBatchAccount(
      { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId: EXAMPLES_SUBSCRIPTION_ID },
      bad,
    ).catch((e) => e);
    expect(err).toMatchObject({ code: "InvalidAuthenticationToken", statusCode: 401 });
    expect(err.message).toContain("az login");
    expect(err.message).not.toContain("not-a-valid-token");
  });

  it("recovers from throttling by honouring Retry-After", async () => {
    emu.clearStats();
    emu.faults.add({ kind: "throttle", route: "get", times: 1, retryAfter: "seconds", retryAfterSeconds: 1 });
    // The wait is recorded, not spent (the fault matrix checks a Retry-After's wait in real time).
    // A client of its own (its own credential object), so that its retry policy is made with the stand-in.
    const waits: number[] = [];
    const sleep = vi.spyOn(wait, "sleep").mockImplementation(async (ms) => {
      waits.push(ms);
    });
    try {
      const account = await getBatchAccount(
        { accountName: "fabrikamml", resourceGroupName: "rg-fabrikam-research", subscriptionId: "e3b0c442-98fc-4c14-9afb-f4c8996fb924" },
        { ...opts, credential: new StaticTokenCredential(EMULATOR_TOKEN) },
      );
      expect(account.name).toBe("fabrikamml");
    } finally {
      sleep.mockRestore();
    }
    // One wait, of the second the 429 asked for, between the 429 and the 200.
    expect(waits).toEqual([1000]);
    expect(emu.stats().requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("rejects bad input before any request", async () => {
    emu.clearStats();
    await expect(getBatchAccount({ accountName: "../x", resourceGroupName: "rg" }, opts)).rejects.toMatchObject({
      code: "InvalidArgument",
      target: "accountName",
    });
    expect(emu.stats().total).toBe(0);
  });
});

describe("credentials", () => {
  function recordingCredential(scopes: string[]) {
    return {
      getToken: async (scope: string | string[]) => (
        scopes.push(String(scope)), { token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }
      ),
    };
  }
  const args = { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId: EXAMPLES_SUBSCRIPTION_ID };

  it("asks for {audience}/.default, the custom endpoint by default, once while the token is valid", async () => {
    const scopes: string[] = [];
    const credential = recordingCredential(scopes);
    await getBatchAccount(args, { ...opts, credential });
    await getBatchAccount({ ...args, accountName: "sampleacctsysid" }, { ...opts, credential });
    expect(scopes).toEqual([`${emu.url}/.default`]);
  });

  it("uses a configured audience", async () => {
    const scopes: string[] = [];
    await getBatchAccount(args, { ...opts, credential: recordingCredential(scopes), audience: "https://management.core.windows.net/" });
    expect(scopes).toEqual(["https://management.core.windows.net/.default"]);
  });

  it("takes a static token from AZURE_BATCH_LOOKUP_TOKEN", async () => {
    const before = process.env.AZURE_BATCH_LOOKUP_TOKEN;
    process.env.AZURE_BATCH_LOOKUP_TOKEN = EMULATOR_TOKEN;
    try {
      const account = await getBatchAccount(args, { endpoint: emu.url, ca: emu.caCertPem! });
      expect(account.name).toBe("sampleacct");
    } finally {
      if (before === undefined) delete process.env.AZURE_BATCH_LOOKUP_TOKEN;
      else process.env.AZURE_BATCH_LOOKUP_TOKEN = before;
    }
  });
});

describe("listBatchAccounts", () => {
  it("follows every page of a subscription", async () => {
    emu.clearStats();
    const result = await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, opts);
    const want = expected(CONTOSO_SUBSCRIPTION_ID);
    expect(want.length).toBeGreaterThan(4);
    expect(result.value).toEqual(want);
    expect(emu.stats().byRoute.list).toBe(Math.ceil(want.length / 2));
  });

  it("lists one resource group", async () => {
    const result = await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID, resourceGroupName: "RG-Batch-HPC-EastUS" }, opts);
    expect(result.value.map((a) => a.name).sort()).toEqual(["contosohpcbyos", "contosoperimeter"]);
    expect(result.value).toEqual(expected(CONTOSO_SUBSCRIPTION_ID, "RG-Batch-HPC-EastUS"));
  });

  it("returns an empty list for an empty resource group", async () => {
    expect((await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID, resourceGroupName: "rg-empty" }, opts)).value).toEqual([]);
  });

  it("takes the subscription from the environment", async () => {
    const before = process.env.ARM_SUBSCRIPTION_ID;
    process.env.ARM_SUBSCRIPTION_ID = EXAMPLES_SUBSCRIPTION_ID;
    try {
      expect((await listBatchAccounts(undefined, opts)).value).toEqual(expected(EXAMPLES_SUBSCRIPTION_ID));
    } finally {
      if (before === undefined) delete process.env.ARM_SUBSCRIPTION_ID;
      else process.env.ARM_SUBSCRIPTION_ID = before;
    }
  });

  it("fails the whole list when a later page keeps failing", async () => {
    const strict = { ...opts, retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 } };
    emu.faults.add({ kind: "status", status: 500, route: "list", skip: 1, times: 5 });
    const err = await listBatchAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, strict).catch((e) => e);
    emu.faults.clear();
    expect(err).toBeInstanceOf(BatchLookupError);
    expect(err.statusCode).toBe(500);
    expect(err.message).toContain("after 2 attempts");
  });

  it("shares one request among identical concurrent lookups", async () => {
    emu.clearStats();
    const args = { accountName: "contosodevnew", resourceGroupName: "rg-batch-dev-australiaeast", subscriptionId: CONTOSO_SUBSCRIPTION_ID };
    const results = await Promise.all(Array.from({ length: 20 }, () => getBatchAccount(args, opts)));
    expect(emu.stats().byRoute.get).toBe(1);
    expect(new Set(results).size).toBe(20);
    expect(results[19]).toEqual(results[0]);
  });
});
