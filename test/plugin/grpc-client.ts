// A gRPC client of Pulumi's ResourceProvider service, the engine's side of a provider plugin, on the
// stubs that ship with @pulumi/pulumi; and a provider process started the way the engine starts one
// (it prints its port on stdout). Values are plain JavaScript (google.protobuf.Struct both ways).

import { type ChildProcess, spawn } from "node:child_process";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerTypes from "@pulumi/pulumi/proto/provider_pb";
import { emptyproto, errorsproto, grpc, plugproto, provproto, provrpc, statusproto, structproto } from "../../provider/plugin/grpc-runtime";

export { grpc };

type Props = Record<string, unknown>;
type Unary = (request: unknown, callback: (err: grpcTypes.ServiceError | null, res: unknown) => void) => unknown;

const struct = (props: Props) => structproto.Struct.fromJavaScript(props as never);

/** The property errors a status carries in its details (Pulumi's InputPropertiesError), if any. */
export function propertyErrors(err: grpcTypes.ServiceError): { propertyPath: string; reason: string }[] {
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  if (bin === undefined) return [];
  const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
  return status
    .getDetailsList()
    .filter((d) => d.getTypeName() === "pulumirpc.InputPropertiesError")
    .flatMap((d) =>
      errorsproto.InputPropertiesError.deserializeBinary(d.getValue_asU8())
        .getErrorsList()
        .map((e) => e.toObject()),
    );
}

export class ProviderClient {
  readonly #client: InstanceType<typeof provrpc.ResourceProviderClient>;

  constructor(readonly address: string) {
    this.#client = new provrpc.ResourceProviderClient(address, grpc.credentials.createInsecure());
  }

  /** One unary call; `Res` is the method's response message. */
  #call<Res>(method: unknown, request: unknown): Promise<Res> {
    return new Promise((resolve, reject) =>
      (method as Unary).call(this.#client, request, (err, res) => (err ? reject(err) : resolve(res as Res))),
    );
  }

  async getPluginInfo(): Promise<string> {
    return (await this.#call<pluginTypes.PluginInfo>(this.#client.getPluginInfo, new emptyproto.Empty())).getVersion();
  }

  async getSchema(version = 0): Promise<string> {
    return (
      await this.#call<providerTypes.GetSchemaResponse>(this.#client.getSchema, new provproto.GetSchemaRequest().setVersion(version))
    ).getSchema();
  }

  async checkConfig(news: Props, urn = "urn:pulumi:dev::test::pulumi:providers:azure-batch-lookup::default") {
    const res = await this.#call<providerTypes.CheckResponse>(
      this.#client.checkConfig,
      new provproto.CheckRequest().setUrn(urn).setOlds(struct({})).setNews(struct(news)),
    );
    return { inputs: res.getInputs()?.toJavaScript() as Props, failures: res.getFailuresList().map((f) => f.toObject()) };
  }

  async configure(args: Props): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const req = new provproto.ConfigureRequest().setArgs(struct(args));
    const res = await this.#call<providerTypes.ConfigureResponse>(this.#client.configure, req);
    return { acceptSecrets: res.getAcceptsecrets(), supportsPreview: res.getSupportspreview() };
  }

  async invoke(tok: string, args: Props): Promise<Props> {
    const res = await this.#call<providerTypes.InvokeResponse>(
      this.#client.invoke,
      new provproto.InvokeRequest().setTok(tok).setArgs(struct(args)),
    );
    return res.getReturn()?.toJavaScript() as Props;
  }

  async check(urn: string, news: Props, olds: Props = {}) {
    const res = await this.#call<providerTypes.CheckResponse>(
      this.#client.check,
      new provproto.CheckRequest().setUrn(urn).setOlds(struct(olds)).setNews(struct(news)),
    );
    return { inputs: res.getInputs()?.toJavaScript() as Props, failures: res.getFailuresList().map((f) => f.toObject()) };
  }

  async diff(urn: string, id: string, olds: Props, news: Props) {
    const req = new provproto.DiffRequest().setUrn(urn).setId(id).setOlds(struct(olds)).setNews(struct(news));
    const res = await this.#call<providerTypes.DiffResponse>(this.#client.diff, req);
    const { DIFF_NONE, DIFF_SOME } = provproto.DiffResponse.DiffChanges;
    const changes = res.getChanges() === DIFF_NONE ? "none" : res.getChanges() === DIFF_SOME ? "some" : undefined;
    return { changes: changes ?? "unknown", replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(urn: string, properties: Props) {
    const res = await this.#call<providerTypes.CreateResponse>(
      this.#client.create,
      new provproto.CreateRequest().setUrn(urn).setProperties(struct(properties)),
    );
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() as Props };
  }

  async read(urn: string, id: string, properties: Props, inputs?: Props) {
    const req = new provproto.ReadRequest().setUrn(urn).setId(id).setProperties(struct(properties));
    if (inputs !== undefined) req.setInputs(struct(inputs));
    const res = await this.#call<providerTypes.ReadResponse>(this.#client.read, req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() as Props, inputs: res.getInputs()?.toJavaScript() as Props };
  }

  async update(urn: string, id: string, olds: Props, news: Props) {
    const req = new provproto.UpdateRequest().setUrn(urn).setId(id).setOlds(struct(olds)).setNews(struct(news));
    return (await this.#call<providerTypes.UpdateResponse>(this.#client.update, req)).getProperties()?.toJavaScript() as Props;
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    await this.#call<unknown>(this.#client.delete, new provproto.DeleteRequest().setUrn(urn).setId(id).setProperties(struct(properties)));
  }

  async attach(address: string): Promise<void> {
    await this.#call<unknown>(this.#client.attach, new plugproto.PluginAttach().setAddress(address));
  }

  close(): void {
    this.#client.close();
  }
}

export interface ProviderProcess {
  client: ProviderClient;
  child: ChildProcess;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a provider process as the engine does and connects a client to the port it prints. */
export async function startProviderProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProviderProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0]!;
      if (out.includes("\n") && /^\d+$/.test(line.trim())) resolve(Number(line.trim()));
    });
    void exited.then((code) => reject(new Error(`${command} exited (${code}) before printing its port: ${stderr}`)));
  });
  const client = new ProviderClient(`127.0.0.1:${port}`);
  return {
    client,
    child,
    stderr: () => stderr,
    exited,
    async stop() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}
