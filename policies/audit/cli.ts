#!/usr/bin/env node
// The `azure-batch-policies` command (package.json `bin`): `npx azure-batch-policies audit ...`.

import { main } from "./run";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`azure-batch-policies: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
