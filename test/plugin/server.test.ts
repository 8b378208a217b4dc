// The provider plugin's gRPC server at its boundary: a gRPC client (the engine's side of the
// ResourceProvider service) against the server in this process, and against the plugin's own entry
// point in a process of its own for errors thrown outside any call and for the engine's address.

import * as fs from "node:fs";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { emptyproto, engineproto, enginerpc } from "../../provider/plugin/grpc-runtime";
import { AzureBatchLookupProvider, serve } from "../../provider/plugin/server";
import { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE, GET_BATCH_ACCOUNT_TOKEN, LIST_BATCH_ACCOUNTS_TOKEN } from "../../provider/plugin/tokens";
import { secret } from "../../provider/plugin/values";
import { UNKNOWN_VALUE } from "../../provider/reference/engine-values";
import { grpc, ProviderClient, type ProviderProcess, propertyErrors, startProviderProcess } from "./grpc-client";
import { REPO_ROOT } from "./support";

const URN = `urn:pulumi:dev::test::${BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE}::ref`;
const SAMPLE = { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast" };
const SAMPLE_REF = { ...SAMPLE, subscriptionId: EXAMPLES_SUBSCRIPTION_ID };

let emu: RunningEmulator;
let server: grpcTypes.Server;
let client: ProviderClient;

beforeAll(async () => {
  emu = await startEmulator({ https: false });
  const served = await serve(new AzureBatchLookupProvider());
  server = served.server;
  client = new ProviderClient(`127.0.0.1:${served.port}`);
  await client.configure({ endpoint: emu.url, token: secret(emu.token), subscriptionId: EXAMPLES_SUBSCRIPTION_ID });
});
afterAll(async () => {
  client?.close();
  server?.forceShutdown();
  await emu?.stop();
});
afterEach(() => emu.resetData());

/** The gRPC error of a call that must fail. */
async function failure(call: Promise<unknown>): Promise<grpcTypes.ServiceError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e as grpcTypes.ServiceError,
  );
  if (err === undefined) throw new Error("the call succeeded");
  return err;
}

describe("plugin information", () => {
  it("GetPluginInfo answers the package's version; GetSchema its schema.json", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(await client.getPluginInfo()).toBe(pkg.version);
    expect(await client.getSchema()).toBe(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8"));
  });

  it("GetSchema of another version is INVALID_ARGUMENT naming the version", async () => {
    const err = await failure(client.getSchema(2));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/schema version 2/);
    expect(propertyErrors(err)).toEqual([{ propertyPath: "version", reason: expect.stringContaining("version 0") }]);
  });
});

describe("CheckConfig and Configure", () => {
  it("CheckConfig accepts the provider's keys and returns them", async () => {
    const news = { subscriptionId: EXAMPLES_SUBSCRIPTION_ID, maxConcurrentRequests: "4", version: "0.1.0" };
    expect(await client.checkConfig(news)).toEqual({ inputs: news, failures: [] });
  });

  it("CheckConfig answers a bad key or value as a failure naming the key, not an error", async () => {
    const unknownKey = await client.checkConfig({ subscriptionID: EXAMPLES_SUBSCRIPTION_ID });
    expect(unknownKey.failures).toEqual([
      { property: "subscriptionID", reason: expect.stringMatching(/Unknown configuration key.*subscriptionId/) },
    ]);
    const badValue = await client.checkConfig({ maxConcurrentRequests: "0" });
    expect(badValue.failures).toEqual([{ property: "maxConcurrentRequests", reason: expect.stringContaining("positive integer") }]);
    const partialPrincipal = await client.checkConfig({ clientId: "app", clientSecret: "not-shown" });
    expect(partialPrincipal.failures.map((f) => f.property)).toEqual(["tenantId"]);
  });

  it("CheckConfig leaves a configuration not known yet to Configure", async () => {
    expect((await client.checkConfig({ subscriptionId: UNKNOWN_VALUE })).failures).toEqual([]);
  });

  it("Configure accepts secrets and previews; a bad key is INVALID_ARGUMENT naming it", async () => {
    const other = new AzureBatchLookupProvider();
    const { server: s, port } = await serve(other);
    const c = new ProviderClient(`127.0.0.1:${port}`);
    try {
      const err = await failure(c.configure({ maxConcurrentRequests: "many" }));
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(err.details).toMatch(/maxConcurrentRequests must be a positive integer/);
      expect(propertyErrors(err)).toEqual([{ propertyPath: "maxConcurrentRequests", reason: expect.stringContaining("many") }]);
      expect(await c.configure({ endpoint: emu.url, token: emu.token })).toEqual({ acceptSecrets: true, supportsPreview: true });
    } finally {
      c.close();
      s.forceShutdown();
    }
  });
});

describe("Invoke", () => {
  it("getBatchAccount reads an account on the provider's configuration", async () => {
    const account = await client.invoke(GET_BATCH_ACCOUNT_TOKEN, SAMPLE);
    expect(account).toMatchObject({
      id: emu.getAccount(SAMPLE_REF)!.id,
      subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
      azureApiVersion: "2024-07-01",
    });
  });

  it("listBatchAccounts lists the provider's subscription", async () => {
    const result = await client.invoke(LIST_BATCH_ACCOUNTS_TOKEN, {});
    const names = (result.value as { name: string }[]).map((a) => a.name).sort();
    expect(names).toEqual(
      emu
        .listAccounts({ subscriptionId: EXAMPLES_SUBSCRIPTION_ID })
        .map((a) => a.name)
        .sort(),
    );
  });

  it("a bad argument is INVALID_ARGUMENT naming it", async () => {
    const err = await failure(client.invoke(GET_BATCH_ACCOUNT_TOKEN, { ...SAMPLE, accountName: "not valid!" }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^BatchLookupError InvalidArgument: Invalid accountName "not valid!"/);
    expect(propertyErrors(err).map((e) => e.propertyPath)).toEqual(["accountName"]);
    const missing = await failure(client.invoke(GET_BATCH_ACCOUNT_TOKEN, { accountName: "sampleacct" }));
    expect(missing.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(propertyErrors(missing).map((e) => e.propertyPath)).toEqual(["resourceGroupName"]);
  });

  it("a function the provider does not serve is INVALID_ARGUMENT naming the token", async () => {
    const err = await failure(client.invoke("azure-batch-lookup:index:getBatchPool", {}));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/Unknown function azure-batch-lookup:index:getBatchPool/);
    expect(propertyErrors(err).map((e) => e.propertyPath)).toEqual(["token"]);
  });

  it("ARM's refusal is UNKNOWN with the library's code, status and request id", async () => {
    const err = await failure(client.invoke(GET_BATCH_ACCOUNT_TOKEN, { ...SAMPLE, accountName: "nosuchaccount" }));
    expect(err.code).toBe(grpc.status.UNKNOWN);
    expect(err.details).toMatch(/^BatchLookupError ResourceNotFound \(HTTP 404\): .*nosuchaccount.*x-ms-request-id: /);
    expect(propertyErrors(err)).toEqual([]);
  });
});

describe("the BatchAccountReference resource", () => {
  it("Check reads the account into the inputs; a secret input stays secret", async () => {
    const { inputs, failures } = await client.check(URN, { ...SAMPLE, resourceGroupName: secret(SAMPLE.resourceGroupName) });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      id: emu.getAccount(SAMPLE_REF)!.id,
      accountName: "sampleacct",
      subscriptionId: EXAMPLES_SUBSCRIPTION_ID,
    });
    expect(inputs.resourceGroupName).toEqual(secret(SAMPLE.resourceGroupName));
  });

  it("Check answers a bad argument as a failure naming the property", async () => {
    const { inputs, failures } = await client.check(URN, { ...SAMPLE, accountName: "x" });
    expect(inputs).toEqual({ ...SAMPLE, accountName: "x" });
    expect(failures).toEqual([{ property: "accountName", reason: expect.stringMatching(/accountName.*3 to 24/) }]);
  });

  it("Check of a missing account is UNKNOWN with ARM's code", async () => {
    const err = await failure(client.check(URN, { ...SAMPLE, accountName: "nosuchaccount" }));
    expect(err.code).toBe(grpc.status.UNKNOWN);
    expect(err.details).toMatch(/ResourceNotFound \(HTTP 404\)/);
  });

  it("a resource type the provider does not serve is INVALID_ARGUMENT naming the type", async () => {
    const err = await failure(client.check("urn:pulumi:dev::test::azure-batch-lookup:index:BatchPoolReference::p", SAMPLE));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/Unknown resource type azure-batch-lookup:index:BatchPoolReference/);
    expect(propertyErrors(err).map((e) => e.propertyPath)).toEqual(["type"]);
  });

  it("Create, Diff, Update, Read and Delete keep the account check read and never write to Azure", async () => {
    const { inputs } = await client.check(URN, SAMPLE);
    emu.clearStats();
    const created = await client.create(URN, inputs);
    expect(emu.stats().requests).toEqual([]);
    expect(created.id).toBe(inputs.id);
    expect(created.properties).toEqual(inputs);

    expect(await client.diff(URN, created.id, created.properties, inputs)).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: true,
    });
    emu.patchAccount(SAMPLE_REF, { properties: { publicNetworkAccess: "Disabled" } });
    const news = (await client.check(URN, SAMPLE, inputs)).inputs;
    expect(await client.diff(URN, created.id, created.properties, news)).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: true,
    });
    const renamed = (await client.check(URN, { ...SAMPLE, accountName: UNKNOWN_VALUE }, inputs)).inputs;
    expect(await client.diff(URN, created.id, created.properties, renamed)).toMatchObject({ changes: "some", replaces: ["accountName"] });

    const updated = await client.update(URN, created.id, created.properties, news);
    expect(updated.publicNetworkAccess).toBe("Disabled");
    expect(updated.id).toBe(created.id);

    emu.patchAccount(SAMPLE_REF, { tags: { costCenter: "4711" } });
    const read = await client.read(URN, created.id, updated, news);
    expect(read.id).toBe(created.id);
    expect(read.properties.tags).toEqual({ costCenter: "4711" });
    expect(read.inputs).toEqual(read.properties);

    await client.delete(URN, created.id, read.properties);
    expect(emu.stats().requests.every((r) => r.method === "GET")).toBe(true);
    expect(emu.getAccount(SAMPLE_REF)).toBeDefined();

    emu.deleteAccount(SAMPLE_REF);
    expect((await client.read(URN, created.id, read.properties, read.inputs)).id).toBe("");
  });
});

/** An Engine service that records the messages logged to it. */
async function startEngine(): Promise<{ address: string; logs: { severity: number; message: string }[]; stop(): void }> {
  const logs: { severity: number; message: string }[] = [];
  const engine = new grpc.Server();
  engine.addService(enginerpc.EngineService, {
    log: (call: { request: InstanceType<typeof engineproto.LogRequest> }, callback: (e: null, r: unknown) => void) => {
      logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
      callback(null, new emptyproto.Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, logs, stop: () => engine.forceShutdown() };
}

async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe("an error outside any call (the plugin's entry point, in its own process)", () => {
  const FIXTURE = path.join(__dirname, "fixtures", "uncaught-plugin.js");
  let plugin: ProviderProcess | undefined;
  afterEach(async () => {
    await plugin?.stop();
    plugin = undefined;
  });

  const start = (args: string[]) =>
    startProviderProcess(process.execPath, [FIXTURE, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "" } });

  it("fails the calls in flight with INTERNAL, logs it to the engine named on the command line, and the server goes on", async () => {
    const engine = await startEngine();
    try {
      plugin = await start(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:1", engine.address]);
      const started = Date.now();
      const err = await failure(plugin.client.invoke("test:throwOutside", {}));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(err.code).toBe(grpc.status.INTERNAL);
      expect(err.details).toMatch(/an error outside any call stopped this one: Error: thrown outside any call/);
      await eventually(() =>
        expect(engine.logs).toEqual([
          { severity: engineproto.LogSeverity.ERROR, message: expect.stringContaining("thrown outside any call") },
        ]),
      );

      const rejected = await failure(plugin.client.invoke("test:rejectOutside", {}));
      expect(rejected.code).toBe(grpc.status.INTERNAL);
      expect(rejected.details).toMatch(/rejected outside any call/);

      expect(await plugin.client.getPluginInfo()).toMatch(/^\d+\.\d+\.\d+/);
      await plugin.client.invoke("test:exit", {});
      expect(await plugin.exited).toBe(1);
    } finally {
      engine.stop();
    }
  });

  it("Attach gives a plugin started without the engine's address the engine to log to", async () => {
    const engine = await startEngine();
    try {
      plugin = await start([]);
      await failure(plugin.client.invoke("test:throwOutside", {}));
      await eventually(() => expect(plugin!.stderr()).toMatch(/^error: .*thrown outside any call/m));
      expect(engine.logs).toEqual([]);

      await plugin.client.attach(engine.address);
      const err = await failure(plugin.client.invoke("test:rejectOutside", {}));
      expect(err.code).toBe(grpc.status.INTERNAL);
      expect(engine.logs).toEqual([
        { severity: engineproto.LogSeverity.DEBUG, message: expect.stringMatching(/attached to the engine at 127\.0\.0\.1:\d+$/) },
      ]);
      await eventually(() =>
        expect(engine.logs.slice(1)).toEqual([
          { severity: engineproto.LogSeverity.ERROR, message: expect.stringContaining("rejected outside any call") },
        ]),
      );
    } finally {
      engine.stop();
    }
  });
});
