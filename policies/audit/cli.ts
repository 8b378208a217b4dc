#!/usr/bin/env node
// The `azure-batch-policies` command (package.json `bin`): `npx azure-batch-policies audit ...`.

import { main } from "./run";

// A reader that stops early (`... | head`) closes the pipe: the rest of the report is dropped
// quietly and the audit still ends with its exit code.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`azure-batch-policies: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
