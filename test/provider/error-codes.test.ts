import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_ERROR_CODES } from "../../provider/errors";

// The client's own error codes are listed once, in provider/errors.ts: each is produced by the
// library, no other is, and the user's error table documents exactly these.

const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

// response-errors.ts gives ARM's own code, or `Http<status>` / `Unknown` when ARM's answer has none.
const ARM_CODES = `${path.sep}response-errors.ts`;
const LIBRARY = sources(path.join(ROOT, "provider")).filter((file) => !file.endsWith(`${path.sep}errors.ts`) && !file.endsWith(ARM_CODES));
const TEXT = LIBRARY.map((file) => fs.readFileSync(file, "utf8")).join("\n");

/** Codes the library gives a BatchLookupError: `code: "X"` and the branches of `code: c ? "X" : "Y"`. */
function producedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const match of TEXT.matchAll(/\bcode:\s*([^,\n}]+)/g)) {
    // A code is PascalCase; Node's system codes (ECONNRESET) name transport failures, not lookups.
    for (const literal of match[1]!.matchAll(/"([A-Z][a-z][A-Za-z]*)"/g)) codes.add(literal[1]!);
  }
  return codes;
}

/** The codes in the first column of the error table (`| code | when |`) of the README or a docs page. */
function documentedCodes(): Set<string> {
  const pages = [path.join(ROOT, "README.md")];
  const docs = path.join(ROOT, "docs");
  if (fs.existsSync(docs))
    pages.push(
      ...fs
        .readdirSync(docs)
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join(docs, f)),
    );
  const codes = new Set<string>();
  for (const page of pages) {
    const lines = fs.readFileSync(page, "utf8").split("\n");
    const header = lines.findIndex((line) => /^\|\s*code\s*\|\s*when\s*\|/.test(line));
    if (header < 0) continue;
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith("|")) break;
      for (const code of line.split("|")[1]!.matchAll(/`([A-Za-z]+)`/g)) codes.add(code[1]!);
    }
  }
  return codes;
}

describe("the client's error codes", () => {
  it("are each produced by the library", () => {
    const missing = CLIENT_ERROR_CODES.filter((code) => !TEXT.includes(`"${code}"`));
    expect(missing).toEqual([]);
  });

  it("are the only codes the library gives its errors", () => {
    const produced = [...producedCodes()].filter((code) => !(CLIENT_ERROR_CODES as readonly string[]).includes(code));
    expect(produced).toEqual([]);
    expect(producedCodes().size).toBeGreaterThanOrEqual(10);
  });

  it("are exactly the codes of the documented error table", () => {
    expect([...documentedCodes()].sort()).toEqual([...CLIENT_ERROR_CODES].sort());
  });
});
