// Entry point of `pulumi-resource-azure-batch-lookup` (bin/): serves the provider and prints the
// port for the engine. The engine ends the process when it is done with the provider.

import { serve } from "./server";

export async function main(): Promise<void> {
  const { port } = await serve();
  process.stdout.write(`${port}\n`);
}
