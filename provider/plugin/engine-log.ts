// Logging to the engine: the engine passes its address to the plugin as the first argument, or
// through `Attach` when it did not start the plugin (PULUMI_DEBUG_PROVIDERS=azure-batch-lookup:<port>,
// a plugin started by hand, under a debugger). A message sent to the engine's Log service is shown
// by the CLI with the rest of the run; the plugin's stderr is not (the engine keeps it for -v logs).
// Without an address yet, a message goes to stderr.

import type * as grpcTypes from "@grpc/grpc-js";
import type * as engineStubTypes from "@pulumi/pulumi/proto/engine_grpc_pb";
import { engineproto, enginerpc, grpc } from "./grpc-runtime";

export type LogSeverity = "debug" | "info" | "warning" | "error";

/** The engine arguments of a plugin: flags the engine adds (`--logtostderr`, `-v=N`, `--tracing <endpoint>`), then its address. */
export function engineAddressOf(argv: readonly string[]): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--tracing") i++;
    else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) positional.push(arg);
  }
  return positional[0];
}

export class EngineLog {
  #address: string | undefined;
  #client: engineStubTypes.EngineClient | undefined;

  constructor(address?: string) {
    this.#address = address;
  }

  /** The engine's address, once known. */
  get address(): string | undefined {
    return this.#address;
  }

  /** Sends further messages to the engine at this address (`Attach`). */
  attach(address: string): void {
    if (address === this.#address) return;
    this.#client?.close();
    this.#client = undefined;
    this.#address = address;
  }

  /** Logs one message; resolves when the engine has it (or it went to stderr). Never rejects. */
  log(severity: LogSeverity, message: string): Promise<void> {
    if (this.#address === undefined) return this.#stderr(severity, message);
    this.#client ??= new enginerpc.EngineClient(this.#address, grpc.credentials.createInsecure());
    const request = new engineproto.LogRequest()
      .setSeverity(engineproto.LogSeverity[severity.toUpperCase() as "ERROR"])
      .setMessage(message);
    return new Promise((resolve) => {
      this.#client!.log(request, (err: grpcTypes.ServiceError | null) => {
        if (err === null) resolve();
        else void this.#stderr(severity, `${message} (the engine at ${this.#address} did not take it: ${err.message})`).then(resolve);
      });
    });
  }

  close(): void {
    this.#client?.close();
    this.#client = undefined;
  }

  #stderr(severity: LogSeverity, message: string): Promise<void> {
    return new Promise((resolve) => process.stderr.write(`${severity}: ${message}\n`, () => resolve()));
  }
}
