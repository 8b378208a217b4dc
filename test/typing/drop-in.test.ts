// Drop-in typing: test/typing/reads-every-field.ts reads every field of azure-native's
// `batch.GetBatchAccountResult` (Promise form and Output lifting). It is compiled here under
// `strict` twice, unchanged but for its import: against `@pulumi/azure-native/batch` and against
// this library. (test/typing/assignability.ts, compiled by `npm run typecheck`, lists the exact
// differences both ways.)

import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const READER = path.resolve(__dirname, "reads-every-field.ts");
const AZURE_NATIVE_IMPORT = 'import * as batch from "@pulumi/azure-native/batch";';
const OURS_IMPORT = 'import * as batch from "../../provider";';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  types: ["node"],
  ignoreDeprecations: "6.0",
};

/** Diagnostics of the reader compiled with `edit` applied to its text (same path, same resolution). */
function compileReader(edit: (text: string) => string): string[] {
  const original = fs.readFileSync(READER, "utf8");
  const text = edit(original);
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) =>
    path.resolve(file) === READER ? ts.createSourceFile(file, text, language) : getSourceFile(file, language, onError, create);
  const program = ts.createProgram([READER], OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : "";
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

const toOurs = (text: string) => {
  expect(text).toContain(AZURE_NATIVE_IMPORT);
  return text.replace(AZURE_NATIVE_IMPORT, OURS_IMPORT);
};

describe("code that reads every azure-native field", () => {
  it("compiles against @pulumi/azure-native", () => {
    expect(compileReader((t) => t)).toEqual([]);
  }, 120_000);

  it("compiles unchanged against azure-batch-lookup, Output lifting included", () => {
    expect(compileReader(toOurs)).toEqual([]);
  }, 120_000);

  it("would catch a field that is not usable the way azure-native's is (the check is real)", () => {
    const unguarded = (t: string) =>
      toOurs(t).replace(
        "useString(account.accountEndpoint);",
        "useString(account.accountEndpoint);\n  useString(account.nodeManagementEndpoint);",
      );
    const errors = compileReader(unguarded);
    expect(errors.join("\n")).toMatch(/reads-every-field\.ts:\d+ .*string \| undefined/s);
  }, 120_000);
});
