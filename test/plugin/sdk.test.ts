// schema.json and the SDKs generated from it are checked in: each is regenerated here and must
// equal what is committed (`npm run generate` refreshes them). The Python SDK is byte-compiled
// here, and built as a wheel, installed and run by the Python program's test (python.test.ts); the
// Go SDK is built and vetted by the Go program's test (go.test.ts).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BATCH_ACCOUNT_FIELD_NAMES } from "../../provider/model/batch-account";
import { PROVIDER_CONFIG } from "../../provider/plugin/provider-config";
import { SETTINGS } from "../../provider/settings/settings";
import { SCHEMA_PATH, schemaText } from "../../scripts/generate-schema";
import { REPO_ROOT } from "./support";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-lookup-sdkgen-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name !== "__pycache__") walk(p);
      } else files.push(p);
    }
  };
  walk("");
  return files.sort();
}

describe("schema.json", () => {
  it("is what scripts/generate-schema.ts makes of the model now (run `npm run generate` when this fails)", () => {
    expect(fs.readFileSync(SCHEMA_PATH, "utf8")).toBe(schemaText());
  });

  it("has every field of the model, in the field list's order, as the function's outputs and the reference's outputs", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8"));
    expect(Object.keys(schema.types["azure-batch-lookup:index:BatchAccount"].properties)).toEqual([...BATCH_ACCOUNT_FIELD_NAMES]);
    expect(Object.keys(schema.functions["azure-batch-lookup:index:getBatchAccount"].outputs.properties)).toEqual([
      ...BATCH_ACCOUNT_FIELD_NAMES,
    ]);
    const reference = schema.resources["azure-batch-lookup:index:BatchAccountReference"];
    expect(Object.keys(reference.properties).sort()).toEqual(
      [...BATCH_ACCOUNT_FIELD_NAMES.filter((f) => f !== "id"), "accountName"].sort(),
    );
    expect(Object.keys(reference.inputProperties)).toEqual(["accountName", "resourceGroupName", "subscriptionId"]);
  });

  it("configures the provider with the library's azure-batch-lookup:* keys; the credentials' secrets and proxy (it may carry credentials) secret", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8"));
    expect(Object.keys(PROVIDER_CONFIG)).toEqual(Object.keys(SETTINGS));
    expect(Object.keys(schema.config.variables)).toEqual(Object.keys(SETTINGS));
    expect(Object.keys(schema.provider.inputProperties)).toEqual(Object.keys(SETTINGS));
    const secrets = Object.entries(schema.provider.inputProperties as Record<string, { secret?: boolean }>).filter(([, p]) => p.secret);
    expect(secrets.map(([k]) => k).sort()).toEqual(
      ["token", "clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken", "proxy"].sort(),
    );
  });
});

describe("generated SDKs", () => {
  it("sdk/go and sdk/python are what scripts/generate-sdks.sh makes of schema.json (run `npm run generate` when this fails)", () => {
    execFileSync("bash", [path.join(REPO_ROOT, "scripts", "generate-sdks.sh"), scratch], { stdio: ["ignore", "ignore", "pipe"] });
    expect(fs.readFileSync(path.join(scratch, "schema.json"), "utf8")).toBe(fs.readFileSync(SCHEMA_PATH, "utf8"));
    const committed = path.join(REPO_ROOT, "sdk");
    const fresh = path.join(scratch, "sdk");
    expect(tree(committed)).toEqual(tree(fresh));
    for (const file of tree(fresh)) {
      expect(fs.readFileSync(path.join(committed, file), "utf8"), file).toBe(fs.readFileSync(path.join(fresh, file), "utf8"));
    }
  }, 600_000);

  it("the Python SDK byte-compiles", () => {
    const copy = path.join(scratch, "python-compile");
    fs.cpSync(path.join(REPO_ROOT, "sdk", "python"), copy, { recursive: true });
    execFileSync("python3", ["-m", "compileall", "-q", "-f", copy], { stdio: ["ignore", "pipe", "pipe"] });
    const files = (fs.readdirSync(copy, { recursive: true }) as string[]).map(String);
    const sources = files.filter((f) => f.endsWith(".py"));
    const compiled = files.filter((f) => f.endsWith(".pyc"));
    expect(sources.length).toBeGreaterThan(5);
    expect(compiled.length).toBe(sources.length);
  });
});
