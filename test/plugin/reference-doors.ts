// Both doors of BatchAccountReference as the engine sees them, each in its own process and spoken
// to over gRPC: Pulumi's own dynamic provider host (@pulumi/pulumi/cmd/dynamic-provider) running the
// provider the TypeScript class serializes, and the plugin's executable. Both are configured with the
// same emulator (their own, plain HTTP), subscription and token through their own configuration
// (stack config, provider inputs).

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "vitest";
import { EXAMPLES_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { BATCH_ACCOUNT_REFERENCE_TYPE } from "../../provider/model/batch-account";
import { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE } from "../../provider/plugin/tokens";
import { type ProviderProcess, startProviderProcess } from "./grpc-client";
import { REPO_ROOT } from "./support";

export type Props = Record<string, unknown>;

/** The type and `__provider` the TypeScript class registers (the built package, under Pulumi's mocks). */
function registeredByTheClass(): { type: string; provider: string } {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    pulumi.runtime.setMocks({
      newResource: (a) => { process.stdout.write(JSON.stringify({ type: a.type, provider: a.inputs.__provider })); return { id: "x", state: {} }; },
      call: () => ({}),
    });
    const { BatchAccountReference } = require("azure-batch-lookup");
    new BatchAccountReference("ref", { accountName: "sampleacct", resourceGroupName: "rg" });`;
  return JSON.parse(
    execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
  );
}

const DYNAMIC_URN = `urn:pulumi:dev::test::${BATCH_ACCOUNT_REFERENCE_TYPE}::ref`;
const PLUGIN_URN = `urn:pulumi:dev::test::${BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE}::ref`;

/** The dynamic door's view without its own bookkeeping key (the serialized provider). */
function withoutProvider(props: Props | undefined): Props | undefined {
  if (props === undefined) return undefined;
  const { __provider: _p, ...rest } = props;
  return rest;
}

export type ReferenceDoors = Awaited<ReturnType<typeof startReferenceDoors>>;

/** The emulator and both doors on it; `stop` ends all three. */
export async function startReferenceDoors() {
  const emu = await startEmulator({ https: false });
  try {
    return await startDoors(emu);
  } catch (err) {
    await emu.stop();
    throw err;
  }
}

async function startDoors(emu: RunningEmulator) {
  const serialized = registeredByTheClass();
  const env = { PATH: process.env.PATH ?? "" };
  // The engine starts the dynamic provider host with its address; these calls never reach the engine.
  const dynamicDoor: ProviderProcess = await startProviderProcess(
    process.execPath,
    [path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js"), "127.0.0.1:1"],
    { cwd: REPO_ROOT, env },
  );
  const pluginDoor: ProviderProcess = await startProviderProcess(path.join(REPO_ROOT, "bin", "pulumi-resource-azure-batch-lookup"), [], {
    cwd: REPO_ROOT,
    env,
  });
  await dynamicDoor.client.configure({
    "azure-batch-lookup:endpoint": emu.url,
    "azure-batch-lookup:token": emu.token,
    "azure-batch-lookup:subscriptionId": EXAMPLES_SUBSCRIPTION_ID,
  });
  await pluginDoor.client.configure({ endpoint: emu.url, token: emu.token, subscriptionId: EXAMPLES_SUBSCRIPTION_ID });
  const withProvider = (props: Props): Props => ({ ...props, __provider: serialized.provider });

  /** Each operation through both doors: the dynamic door is given `__provider` as the engine gives it. */
  return {
    emu,
    serialized,
    dynamicDoor,
    pluginDoor,
    DYNAMIC_URN,
    PLUGIN_URN,
    async check(news: Props, olds: Props = {}) {
      const [d, p] = await Promise.all([
        dynamicDoor.client.check(DYNAMIC_URN, withProvider(news), withProvider(olds)),
        pluginDoor.client.check(PLUGIN_URN, news, olds),
      ]);
      expect(d.inputs.__provider).toBe(serialized.provider);
      return { dynamic: { ...d, inputs: withoutProvider(d.inputs)! }, plugin: p };
    },
    async create(inputs: Props) {
      const [d, p] = await Promise.all([
        dynamicDoor.client.create(DYNAMIC_URN, withProvider(inputs)),
        pluginDoor.client.create(PLUGIN_URN, inputs),
      ]);
      return { dynamic: { ...d, properties: withoutProvider(d.properties)! }, plugin: p };
    },
    async diff(id: string, olds: Props, news: Props) {
      const [d, p] = await Promise.all([
        dynamicDoor.client.diff(DYNAMIC_URN, id, withProvider(olds), withProvider(news)),
        pluginDoor.client.diff(PLUGIN_URN, id, olds, news),
      ]);
      return { dynamic: d, plugin: p };
    },
    async read(id: string, outputs: Props, inputs: Props) {
      // The dynamic host reads from the stored outputs only; the plugin is given the stored inputs too.
      const [d, p] = await Promise.all([
        dynamicDoor.client.read(DYNAMIC_URN, id, withProvider(outputs)),
        pluginDoor.client.read(PLUGIN_URN, id, outputs, inputs),
      ]);
      return {
        dynamic: { id: d.id, properties: d.id === "" ? {} : withoutProvider(d.properties)!, inputs: withoutProvider(d.inputs) },
        plugin: { id: p.id, properties: p.id === "" ? {} : p.properties, inputs: p.id === "" ? undefined : p.inputs },
      };
    },
    async update(id: string, olds: Props, news: Props) {
      const [d, p] = await Promise.all([
        dynamicDoor.client.update(DYNAMIC_URN, id, withProvider(olds), withProvider(news)),
        pluginDoor.client.update(PLUGIN_URN, id, olds, news),
      ]);
      return { dynamic: withoutProvider(d)!, plugin: p };
    },
    async stop() {
      await Promise.all([dynamicDoor.stop(), pluginDoor.stop()]);
      await emu.stop();
    },
  };
}
