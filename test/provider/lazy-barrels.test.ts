// The bundle's lazy barrels (scripts/bundle-library.js): the index files of
// @azure/core-rest-pipeline and @typespec/ts-http-runtime, rewritten so that each module is
// required when one of its exports is first read, export the same names bound to the same values
// as the packages' own index files, and load none of their modules up front.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { describe, expect, it } from "vitest";

const { lazyBarrel } = require("../../scripts/bundle-library.js") as { lazyBarrel(source: string): string | undefined };

/** Runs a CommonJS module's source as if it were the file `file`, recording what it requires. */
function load(file: string, source: string): { exports: Record<string, unknown>; required: string[] } {
  const required: string[] = [];
  const real = createRequire(file);
  const fake = Object.assign((id: string) => (required.push(id), real(id)), { resolve: real.resolve });
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`)(
    module.exports,
    fake,
    module,
    file,
    path.dirname(file),
  );
  return { exports: module.exports, required };
}

const BARRELS = ["@azure/core-rest-pipeline", "@typespec/ts-http-runtime"];

describe("lazy barrels", () => {
  for (const pkg of BARRELS) {
    it(`${pkg}: the same exports, each module required on first use`, () => {
      const file = require.resolve(pkg);
      const source = fs.readFileSync(file, "utf8");
      const lazy = lazyBarrel(source);
      expect(lazy, "the barrel is of the form the bundle rewrites").toBeDefined();
      const eager = load(file, source);
      const rewritten = load(file, lazy!);
      expect(eager.required.filter((id) => id.startsWith("./")).length).toBeGreaterThan(5);
      expect(rewritten.required).toStrictEqual([]);
      expect(Object.keys(rewritten.exports).sort()).toStrictEqual(Object.keys(eager.exports).sort());
      for (const name of Object.keys(eager.exports)) expect(rewritten.exports[name], name).toBe(eager.exports[name]);
      expect(rewritten.required.length).toBeGreaterThan(5);
    });
  }

  it("leaves a module of another form as it is", () => {
    expect(lazyBarrel('var import_x = require("./x.js");\nmodule.exports = import_x.y;\n')).toBeUndefined();
    expect(lazyBarrel('"use strict";\nconst x = require("./x.js");\n')).toBeUndefined();
  });
});
