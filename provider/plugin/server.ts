// The provider plugin's gRPC server: the engine's ResourceProvider service, implemented on the
// generated stubs that ship with @pulumi/pulumi. `@pulumi/pulumi/provider`'s stock server answers
// Configure without reading the configuration and leaves CheckConfig unimplemented, so an explicit
// provider's `subscriptionId` (or token, endpoint, ...) would be silently ignored; this server
// captures it in CheckConfig/Configure and gives each configured provider its own client.
//
// The engine starts one plugin process per provider (the default provider and each explicit
// `pulumi:providers:azure-batch-lookup` resource), so the process holds one configuration.

import * as fs from "node:fs";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as grpcStubTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import { packageVersion } from "../client/package-version";
import { BatchLookupError } from "../errors";
import { resolveClientOptions } from "../settings/client-options";
import { EngineLog } from "./engine-log";
import { type GrpcError, grpcError, propertyOf, uncaughtError } from "./grpc-errors";
import { emptyproto, grpc, plugproto, provproto, provrpc, structproto } from "./grpc-runtime";
import { ProviderLookups } from "./lookups";
import { type ProviderConfig, providerSettings, readProviderConfig } from "./provider-config";
import { ReferenceResource } from "./reference";
import { BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE, PROVIDER_PACKAGE } from "./tokens";
import { hasUnknown, type PropertyMap, reveal } from "./values";

type Callback<T> = (error: GrpcError | null, value?: T) => void;
type Call<T> = { request: T };

/**
 * Where schema.json is: beside the code in a release archive (one bundled file), else at the
 * package root, where package.json names the package (from dist/provider/plugin or provider/plugin).
 */
export function schemaPath(): string {
  const beside = path.join(__dirname, "schema.json");
  return fs.existsSync(beside) ? beside : path.join(packageRoot(), "schema.json");
}

/** The package root: where package.json and schema.json are (from dist/provider/plugin or provider/plugin). */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PROVIDER_PACKAGE) return dir;
    if (path.dirname(dir) === dir) throw new Error(`package.json of ${PROVIDER_PACKAGE} not found above ${__dirname}`);
  }
}

function toMap(struct: structTypes.Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

function checkFailures(failures: { property: string; reason: string }[]): providerTypes.CheckFailure[] {
  return failures.map((f) => {
    const failure = new provproto.CheckFailure();
    failure.setProperty(f.property);
    failure.setReason(f.reason);
    return failure;
  });
}

export class AzureBatchLookupProvider {
  readonly version: string;
  readonly schema: string;
  /** The engine's log: its address comes from the command line or `Attach`. */
  readonly engine = new EngineLog();
  #lookups: ProviderLookups | undefined;
  /** How to fail each call in flight (answered once: by its handler or by failCallsInFlight). */
  readonly #inFlight = new Set<(error: GrpcError) => void>();
  /** The configuration holds a value not known yet (a preview of a provider whose inputs depend on a resource). */
  #configUnknown = false;

  constructor(schemaFile: string = schemaPath()) {
    this.version = packageVersion();
    this.schema = fs.readFileSync(schemaFile, "utf8");
  }

  /** The lookups of the configured provider (an unconfigured one reads the environment, as the library does). */
  get lookups(): ProviderLookups {
    this.#lookups ??= new ProviderLookups();
    return this.#lookups;
  }

  async configure(values: PropertyMap): Promise<void> {
    this.#configUnknown = hasUnknown(values);
    if (this.#configUnknown) return;
    const config: ProviderConfig = readProviderConfig(reveal(values) as PropertyMap);
    const previous = this.#lookups;
    this.#lookups = new ProviderLookups(config);
    await previous?.close();
  }

  /** Validates a provider's inputs without keeping them: failures name the key. */
  checkConfig(news: PropertyMap): { property: string; reason: string }[] {
    if (hasUnknown(news)) return [];
    try {
      // Resolving the client options also makes the sign-in choice, so a method configured but
      // incomplete (a client secret without its tenant) fails here, naming the key, not at the first lookup.
      resolveClientOptions(providerSettings(readProviderConfig(reveal(news) as PropertyMap)).clientOptions);
      return [];
    } catch (err) {
      if (err instanceof BatchLookupError) return [{ property: propertyOf(err), reason: err.message }];
      throw err;
    }
  }

  invoke(token: string, args: PropertyMap): Promise<PropertyMap> {
    if (this.#configUnknown) {
      throw new BatchLookupError({
        code: "InvalidConfiguration",
        message: `${token} cannot run yet: the provider's configuration depends on values not known until deployment.`,
      });
    }
    return this.lookups.invoke(token, reveal(args) as PropertyMap);
  }

  reference(urn: string): ReferenceResource {
    const type = urn.split("::")[2]?.split("$").pop();
    if (type !== BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE) {
      throw new BatchLookupError({
        code: "InvalidArgument",
        target: "type",
        message: `Unknown resource type ${type}: the provider serves ${BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE}.`,
      });
    }
    return new ReferenceResource(this.lookups);
  }

  get configUnknown(): boolean {
    return this.#configUnknown;
  }

  /** Runs an async handler and answers the call with its result or its error, unless failCallsInFlight did first. */
  answer<T>(callback: Callback<T>, handler: () => Promise<T> | T): void {
    let answered = false;
    const once = (error: GrpcError | null, value?: T): void => {
      if (answered) return;
      answered = true;
      this.#inFlight.delete(fail);
      callback(error, value);
    };
    const fail = (error: GrpcError): void => once(error);
    this.#inFlight.add(fail);
    Promise.resolve()
      .then(handler)
      .then(
        (value) => once(null, value),
        (err: unknown) => once(grpcError(err)),
      );
  }

  /**
   * An error thrown outside any call (an uncaught exception, an unhandled rejection): it is logged to
   * the engine and fails every call in flight with INTERNAL, so the engine does not wait for them.
   */
  async failCallsInFlight(err: unknown): Promise<void> {
    const error = uncaughtError(err);
    for (const fail of [...this.#inFlight]) fail(error);
    await this.engine.log("error", error.details!);
  }

  /** The gRPC service implementation (methods left out answer UNIMPLEMENTED). */
  service(): Partial<grpcStubTypes.IResourceProviderServer> {
    const answer = <T>(callback: Callback<T>, handler: () => Promise<T> | T): void => this.answer(callback, handler);
    return {
      getPluginInfo: (_call: Call<emptyTypes.Empty>, callback: Callback<pluginTypes.PluginInfo>) =>
        answer(callback, () => new plugproto.PluginInfo().setVersion(this.version)),
      getSchema: (call: Call<providerTypes.GetSchemaRequest>, callback: Callback<providerTypes.GetSchemaResponse>) =>
        answer(callback, () => {
          if (call.request.getVersion() !== 0) {
            throw new BatchLookupError({
              code: "InvalidArgument",
              target: "version",
              message: `Unsupported schema version ${call.request.getVersion()}: the provider serves version 0.`,
            });
          }
          return new provproto.GetSchemaResponse().setSchema(this.schema);
        }),
      checkConfig: (call: Call<providerTypes.CheckRequest>, callback: Callback<providerTypes.CheckResponse>) =>
        answer(callback, () => {
          const resp = new provproto.CheckResponse();
          resp.setInputs(call.request.getNews());
          const failures = this.checkConfig(toMap(call.request.getNews()));
          if (failures.length > 0) resp.setFailuresList(checkFailures(failures));
          return resp;
        }),
      diffConfig: (call: Call<providerTypes.DiffRequest>, callback: Callback<providerTypes.DiffResponse>) =>
        answer(callback, () => {
          const olds = reveal(toMap(call.request.getOlds())) as PropertyMap;
          const news = reveal(toMap(call.request.getNews())) as PropertyMap;
          const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
          const diffs = [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
          const resp = new provproto.DiffResponse();
          resp.setChanges(diffs.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
          resp.setDiffsList(diffs);
          return resp;
        }),
      configure: (call: Call<providerTypes.ConfigureRequest>, callback: Callback<providerTypes.ConfigureResponse>) =>
        answer(callback, async () => {
          const req = call.request;
          const values: PropertyMap = req.hasArgs() ? toMap(req.getArgs()) : Object.fromEntries(req.getVariablesMap().entries());
          await this.configure(values);
          const resp = new provproto.ConfigureResponse();
          resp.setAcceptsecrets(true);
          resp.setSupportspreview(true);
          return resp;
        }),
      invoke: (call: Call<providerTypes.InvokeRequest>, callback: Callback<providerTypes.InvokeResponse>) =>
        answer(callback, async () => {
          const outputs = await this.invoke(call.request.getTok(), toMap(call.request.getArgs()));
          return new provproto.InvokeResponse().setReturn(structproto.Struct.fromJavaScript(outputs as never));
        }),
      check: (call: Call<providerTypes.CheckRequest>, callback: Callback<providerTypes.CheckResponse>) =>
        answer(callback, async () => {
          const news = toMap(call.request.getNews());
          const resource = this.reference(call.request.getUrn());
          const result = this.#configUnknown ? { inputs: news } : await resource.check(news);
          const resp = new provproto.CheckResponse();
          resp.setInputs(structproto.Struct.fromJavaScript(result.inputs as never));
          if ("failures" in result && result.failures !== undefined) resp.setFailuresList(checkFailures(result.failures));
          return resp;
        }),
      diff: (call: Call<providerTypes.DiffRequest>, callback: Callback<providerTypes.DiffResponse>) =>
        answer(callback, () => {
          const result = this.reference(call.request.getUrn()).diff(toMap(call.request.getOlds()), toMap(call.request.getNews()));
          const resp = new provproto.DiffResponse();
          resp.setChanges(result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
          resp.setReplacesList(result.replaces);
          resp.setDeletebeforereplace(result.deleteBeforeReplace);
          return resp;
        }),
      create: (call: Call<providerTypes.CreateRequest>, callback: Callback<providerTypes.CreateResponse>) =>
        answer(callback, async () => {
          const result = await this.reference(call.request.getUrn()).create(toMap(call.request.getProperties()));
          const resp = new provproto.CreateResponse();
          resp.setId(result.id);
          resp.setProperties(structproto.Struct.fromJavaScript(result.outs as never));
          return resp;
        }),
      read: (call: Call<providerTypes.ReadRequest>, callback: Callback<providerTypes.ReadResponse>) =>
        answer(callback, async () => {
          const req = call.request;
          const result = await this.reference(req.getUrn()).read(
            toMap(req.getProperties()),
            req.hasInputs() ? toMap(req.getInputs()) : undefined,
          );
          const resp = new provproto.ReadResponse();
          // An empty id: the account is gone from Azure, and refresh drops the reference.
          if (result === undefined) return resp.setId("");
          resp.setId(result.id);
          resp.setProperties(structproto.Struct.fromJavaScript(result.props as never));
          resp.setInputs(structproto.Struct.fromJavaScript(result.inputs as never));
          return resp;
        }),
      update: (call: Call<providerTypes.UpdateRequest>, callback: Callback<providerTypes.UpdateResponse>) =>
        answer(callback, () => {
          const { outs } = this.reference(call.request.getUrn()).update(toMap(call.request.getNews()));
          return new provproto.UpdateResponse().setProperties(structproto.Struct.fromJavaScript(outs as never));
        }),
      delete: (call: Call<providerTypes.DeleteRequest>, callback: Callback<emptyTypes.Empty>) =>
        answer(callback, () => {
          this.reference(call.request.getUrn()).delete();
          return new emptyproto.Empty();
        }),
      cancel: (_call: Call<emptyTypes.Empty>, callback: Callback<emptyTypes.Empty>) =>
        answer(callback, async () => {
          await this.#lookups?.close();
          return new emptyproto.Empty();
        }),
      attach: (call: Call<pluginTypes.PluginAttach>, callback: Callback<emptyTypes.Empty>) =>
        answer(callback, async () => {
          // The engine did not start this process (PULUMI_DEBUG_PROVIDERS): it names itself here.
          this.engine.attach(call.request.getAddress());
          await this.engine.log(
            "debug",
            `${PROVIDER_PACKAGE} provider (process ${process.pid}) attached to the engine at ${call.request.getAddress()}`,
          );
          return new emptyproto.Empty();
        }),
    };
  }
}

/**
 * Serves the provider on a loopback port and prints the port on stdout, as the engine expects of
 * a plugin. Resolves with the server and its port.
 */
export async function serve(provider = new AzureBatchLookupProvider()): Promise<{ server: grpcTypes.Server; port: number }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService, provider.service() as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port };
}

/**
 * Catches errors thrown outside any call for the life of the process, as Pulumi's own provider
 * server does: each fails the calls in flight (provider.failCallsInFlight) and makes the process
 * exit non-zero. Returns the function that removes the hooks.
 */
export function catchUncaughtErrors(provider: AzureBatchLookupProvider): () => void {
  let caught = false;
  const onError = (err: unknown): void => {
    caught = true;
    void provider.failCallsInFlight(err);
  };
  const onExit = (code: number): void => {
    if (code === 0 && caught) process.exitCode = 1;
  };
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
  process.on("exit", onExit);
  return () => {
    process.off("uncaughtException", onError);
    process.off("unhandledRejection", onError);
    process.off("exit", onExit);
  };
}
