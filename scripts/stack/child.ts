// The child process of a stack run (started by driver.ts): `node child.js --request FILE --result FILE`
// reads the run's request, runs it in this process (in-process.ts) and writes the result.

import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { type ChildRequest, runInProcess } from "./in-process";

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { request: { type: "string" }, result: { type: "string" } },
  });
  if (values.request === undefined || values.result === undefined) throw new Error("run-stack child: --request and --result go together");
  const request = JSON.parse(fs.readFileSync(values.request, "utf8")) as ChildRequest;
  const result = await runInProcess(request);
  fs.writeFileSync(values.result, JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
