// Entry point of `pulumi-resource-azure-batch-lookup` (bin/): serves the provider and prints the
// port for the engine. The engine passes its address as the first argument (after its logging and
// tracing flags); a plugin started by hand for debugging learns it from `Attach`. The engine ends
// the process when it is done with the provider.

import { engineAddressOf } from "./engine-log";
import { AzureBatchLookupProvider, catchUncaughtErrors, serve } from "./server";

export async function main(argv: readonly string[] = process.argv.slice(2), provider = new AzureBatchLookupProvider()): Promise<void> {
  const engineAddress = engineAddressOf(argv);
  if (engineAddress !== undefined) provider.engine.attach(engineAddress);
  catchUncaughtErrors(provider);
  const { port } = await serve(provider);
  process.stdout.write(`${port}\n`);
}
