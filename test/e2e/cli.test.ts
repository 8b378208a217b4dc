// The end-to-end suites need the real Pulumi CLI. This checks it up front and fails loudly (with
// scripts/ensure-pulumi.sh's explanation) when it is missing and cannot be installed: never skipped.

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PulumiCli } from "../support/pulumi-cli";
import { REPO_ROOT, requirePulumiCli } from "./engine";

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
const sdk = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"));

describe("the pinned Pulumi CLI", () => {
  it("is installed (or installable) and reports the version of the @pulumi/pulumi dependency", async () => {
    const cli = await PulumiCli.create();
    try {
      expect(await cli.version()).toBe(`v${pkg.pulumiCliVersion}`);
      expect(pkg.pulumiCliVersion).toBe(sdk.version);
      // The driver the examples run through finds the same CLI.
      expect(requirePulumiCli()).toBe(cli.binDir);
    } finally {
      await cli.dispose();
    }
  }, 600_000);

  it("comes with the shims dynamic providers and Node.js policy packs run through", () => {
    const bin = requirePulumiCli();
    for (const shim of ["pulumi-resource-pulumi-nodejs", "pulumi-analyzer-policy-nodejs"]) {
      const stat = fs.statSync(path.join(bin, shim));
      expect(stat.mode & 0o111, `${shim} is executable`).not.toBe(0);
    }
  });
});
