// The ready pack: `pulumi preview --policy-pack node_modules/azure-batch-policies` (PulumiPolicy.yaml
// and package.json `main` point here). Every policy at its default level and options; configure it
// with `--policy-pack-config`. Constructing the pack starts the analyzer's gRPC server, so nothing
// else imports this module (the library is index.ts).

import { BatchGuard } from "./guard";

new BatchGuard();
