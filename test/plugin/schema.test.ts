// What a C# or Java user needs from the package itself, since the .NET and Java SDK generators are
// served by none of the project's registries: the schema the plugin returns through GetSchema is
// schema.json, and `pulumi package get-schema` prints it (from which `pulumi package gen-sdk` or
// the language's own generator makes an SDK). The plugin is the packed package installed outside
// the repository, started as the engine starts it (server.test.ts covers the server in process).

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as grpcStubTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRun, PulumiCli } from "../support/pulumi-cli";
import { installPlugin, pluginBinDir, pluginPath, REPO_ROOT } from "./support";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
const provrpc = pulumiRequire("@pulumi/pulumi/proto/provider_grpc_pb") as typeof grpcStubTypes;
const provproto = pulumiRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerTypes;
const emptyproto = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyTypes;

const SCHEMA = fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8");
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;

let install: string;
let plugin: ChildProcess;
let client: grpcStubTypes.ResourceProviderClient;
let cli: PulumiCli;

beforeAll(async () => {
  install = await installPlugin();
  cli = await PulumiCli.create();
  plugin = spawn(path.join(pluginBinDir(install), "pulumi-resource-azure-batch-lookup"), [], {
    env: { ...process.env, PATH: pluginPath(cli, install) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    plugin.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    plugin.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port`)));
  });
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 600_000);

afterAll(async () => {
  client?.close();
  plugin?.kill();
  await cli?.dispose();
});

describe("the package's schema, for languages without a generated SDK here", () => {
  it("GetSchema returns schema.json, byte for byte; GetPluginInfo the package's version", async () => {
    const schema = await new Promise<string>((resolve, reject) =>
      client.getSchema(new provproto.GetSchemaRequest().setVersion(0), (err, resp) => (err ? reject(err) : resolve(resp!.getSchema()))),
    );
    expect(schema).toBe(SCHEMA);
    const info = await new Promise<pluginTypes.PluginInfo>((resolve, reject) =>
      client.getPluginInfo(new emptyproto.Empty(), (err, resp) => (err ? reject(err) : resolve(resp!))),
    );
    expect(info.getVersion()).toBe(VERSION);
  });

  it("pulumi package get-schema <the plugin> prints it", async () => {
    const r = await cli.run(["package", "get-schema", path.join(pluginBinDir(install), "pulumi-resource-azure-batch-lookup")], {
      env: { PATH: pluginPath(cli, install) },
      timeoutMs: 120_000,
    });
    if (r.code !== 0) throw new Error(describeRun(r));
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(SCHEMA));
  }, 150_000);
});
