import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The library's layout: folders by role, one file-naming convention, and no import circle (type-only
// imports included, since a circle of types is still a circle a reader must untangle).

const ROOT = path.resolve(__dirname, "../..");

function tracked(pattern: string): string[] {
  return execFileSync("git", ["ls-files", pattern], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
}

/** The library's own modules each module imports (relative imports, type-only ones included). */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true);
    const deps: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      const found = [`${base}.ts`, `${base}/index.ts`].find((candidate) => graph.has(candidate) || files.includes(candidate));
      if (found !== undefined) deps.push(found);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Strongly connected components of more than one module (Tarjan), plus modules that import themselves. */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("the packages' layout", () => {
  const providerFiles = tracked("provider/*.ts");

  it.each(["provider", "policies"])("has no import circle in %s/, type-only imports included", (dir) => {
    const graph = importGraph(tracked(`${dir}/*.ts`));
    expect(graph.size).toBeGreaterThan(40);
    expect(circles(graph)).toEqual([]);
  });

  it("finds a circle when there is one", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(circles(graph)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("has no module in provider/ that imports the package's entry point", () => {
    // The CommonJS entry is a bundle holding a copy of every module: a module that imported it would
    // mix two copies, and state one sets (a settings reader, a closed client, an error class for
    // instanceof) would not be seen by the other.
    const graph = importGraph(providerFiles);
    const importers = [...graph].filter(([, deps]) => deps.includes("provider/index.ts")).map(([file]) => file);
    expect(importers).toEqual([]);
  });

  it("keeps only the entry point and the public error type loose at the top of provider/", () => {
    const loose = providerFiles.filter((file) => path.posix.dirname(file) === "provider");
    expect(loose.sort()).toEqual(["provider/errors.ts", "provider/index.ts"]);
  });

  it("names every source file in kebab-case", () => {
    const sources = ["provider", "policies", "emulator", "scripts", "bench", "test", "examples"].flatMap((dir) =>
      tracked(`${dir}/*.ts`).filter((file) => !file.includes("/node_modules/")),
    );
    const offenders = sources.filter((file) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*\.m?ts$/.test(path.posix.basename(file)));
    expect(offenders).toEqual([]);
  });
});
