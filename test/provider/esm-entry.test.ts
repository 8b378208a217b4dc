// `import` of the package loads no more than `require` does: each entry is loaded in a fresh Node.js
// process with a module.registerHooks load hook that records every module (CommonJS, ESM, builtin)
// loaded; the built package under dist/ is what is measured (npm test builds it first).

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const DIST = path.resolve(__dirname, "../../dist/provider");
const CJS_ENTRY = path.join(DIST, "index.js");
const ESM_ENTRY = path.join(DIST, "index.mjs");

// Runs in the child: records loads, loads the entry, prints the URLs it saw.
const RECORDER = `
const { registerHooks } = require("node:module");
const { pathToFileURL } = require("node:url");
const seen = new Set();
registerHooks({ load(url, context, nextLoad) { seen.add(url); return nextLoad(url, context); } });
const report = () => process.stdout.write(JSON.stringify([...seen]));
const entry = process.argv[process.argv.length - 1];
if (entry.endsWith(".mjs")) import(pathToFileURL(entry).href).then(report);
else { require(entry); report(); }
`;

function modulesLoadedBy(entry: string): string[] {
  const out = execFileSync(process.execPath, ["-e", RECORDER, entry], { encoding: "utf8" });
  return (JSON.parse(out) as string[]).filter((url) => !url.endsWith("/dist/provider/index.mjs"));
}

describe("the ESM entry", () => {
  const required = modulesLoadedBy(CJS_ENTRY);
  const imported = modulesLoadedBy(ESM_ENTRY);

  it("the measurement sees the package's entry, one bundled file with the request path's packages in it", () => {
    expect(required.some((u) => u.endsWith("/dist/provider/index.js"))).toBe(true);
    expect(imported.some((u) => u.endsWith("/dist/provider/index.js"))).toBe(true);
    // scripts/bundle-library.js: the library's modules and @azure/core-rest-pipeline are in index.js.
    expect(required.filter((u) => u.includes("/dist/provider/") && !u.endsWith("/dist/provider/index.js"))).toEqual([]);
    expect(required.filter((u) => /\/(@azure\/core-rest-pipeline|@typespec|@azure\/identity)\//.test(u))).toEqual([]);
  });

  it("the bundle's stack traces name the functions, and with --enable-source-maps the TypeScript files", () => {
    const script = `require(${JSON.stringify(CJS_ENTRY)}).getBatchAccount({ accountName: "x!", resourceGroupName: "rg", subscriptionId: "00000000-0000-0000-0000-000000000000" }).catch((e) => console.log(e.stack))`;
    const plain = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(plain).toMatch(/at validateAccountName \(.*dist\/provider\/index\.js:\d+:\d+\)/);
    const mapped = execFileSync(process.execPath, ["--enable-source-maps", "-e", script], { encoding: "utf8" });
    expect(mapped).toMatch(/at validateAccountName \(.*provider\/model\/names\.ts:\d+:\d+\)/);
  });

  it("neither entry loads @pulumi/pulumi", () => {
    expect(required.filter((u) => u.includes("/@pulumi/"))).toEqual([]);
    expect(imported.filter((u) => u.includes("/@pulumi/"))).toEqual([]);
  });

  it("neither entry loads node-forge (read only when a PKCS#12 certificate is configured)", () => {
    expect(required.some((u) => u.includes("/node_modules/node-forge/"))).toBe(false);
    expect(imported.some((u) => u.includes("/node_modules/node-forge/"))).toBe(false);
  });

  it("import loads no module that require does not (besides index.mjs itself)", () => {
    expect(imported.filter((u) => !required.includes(u))).toEqual([]);
    expect(imported.length).toBeLessThanOrEqual(required.length);
  });

  it("BatchAccountReference from import is the same lazily loaded class as from require", () => {
    const script = `
      const m = await import(${JSON.stringify(ESM_ENTRY)});
      const { createRequire } = await import("node:module");
      const require = createRequire(import.meta.url);
      const before = Object.keys(require.cache).some((k) => k.includes("@pulumi"));
      const same = m.BatchAccountReference === require(${JSON.stringify(CJS_ENTRY)}).BatchAccountReference;
      const pulumi = require(${JSON.stringify(path.resolve(__dirname, "../../node_modules/@pulumi/pulumi"))});
      class Sub extends m.BatchAccountReference {}
      console.log(JSON.stringify({
        before, same,
        name: m.BatchAccountReference.name,
        parent: Object.getPrototypeOf(m.BatchAccountReference) === pulumi.dynamic.Resource,
        proto: m.BatchAccountReference.prototype instanceof pulumi.dynamic.Resource,
        sub: Sub.prototype instanceof m.BatchAccountReference && Object.getPrototypeOf(Sub) === m.BatchAccountReference,
        isInstance: typeof m.BatchAccountReference.isInstance,
      }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({
      before: false,
      same: true,
      name: "BatchAccountReference",
      parent: true,
      proto: true,
      sub: true,
      isInstance: "function",
    });
  });
});
