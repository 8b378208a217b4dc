// The `azure-batch-policies audit` command's usage errors, help and start-up, as a user runs it:
// the compiled bin in a child process, against the emulator (a bad flag or configuration file
// exits 2 before anything is listed). The reports themselves: audit-cli.test.ts.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, FABRIKAM_SUBSCRIPTION_ID, type RunningEmulator, startEmulator } from "../../../emulator";
import { AUDIT_FLAGS } from "../../../policies/audit/args";
import { POOL_RULES, RULES, STACK_RULES } from "../../../policies/registry";
import { trustCa } from "../../emulator/helpers";
import { AUDIT_BIN, runAudit } from "../../support/audit-cli";
import { run } from "../../support/consumer";

const TIMEOUT = 120_000;
let emulator: RunningEmulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator();
  trustCa(emulator.caCertPem);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "azure-batch-audit-usage-"));
});

afterAll(async () => {
  await emulator?.stop();
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

beforeEach(() => emulator.reset());

function writeConfig(name: string, content: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("configuration file errors (exit 2, nothing listed)", () => {
  const cases: [string, string | object, RegExp][] = [
    [
      "unknown policy",
      { "batch-no-such-rule": "mandatory" },
      /: "batch-no-such-rule" is not a policy of azure-batch-policies \(policies: batch-local-auth-disabled, /,
    ],
    [
      "unknown option",
      { "batch-network-rules-restricted": { minimumPrefixLenght: 24 } },
      /: batch-network-rules-restricted: unknown option "minimumPrefixLenght" \(options: /,
    ],
    [
      "option out of range",
      { "batch-network-rules-restricted": { minimumPrefixLength: 64 } },
      /: batch-network-rules-restricted: option minimumPrefixLength must be <= 32\./,
    ],
    ["bad level", { all: "strict" }, /: all: "strict" is not one of advisory, mandatory, remediate, disabled\./],
    ["not JSON", "{ all: mandatory", /: not valid JSON \(/],
    ["not an object", "[]", /: The policy configuration must be an object, got \[\]\./],
  ];
  for (const [name, content, message] of cases) {
    it(
      name,
      async () => {
        const file = writeConfig(`${name.replace(/ /g, "-")}.json`, content);
        emulator.clearStats();
        const r = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--config", file]);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(
          new RegExp(`^azure-batch-policies: --config ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}${message.source}`),
        );
        expect(emulator.stats().total).toBe(0);
      },
      TIMEOUT,
    );
  }

  it(
    "a missing file",
    async () => {
      const file = path.join(work, "absent.json");
      const r = await runAudit(emulator, ["audit", "--config", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`azure-batch-policies: --config ${file}: cannot be read (ENOENT).`);
    },
    TIMEOUT,
  );
});

describe("bad flags (exit 2, the message names the flag)", () => {
  const cases: [string[], string][] = [
    [["audit", "--format", "xml"], '--format "xml" is not one of table, json, sarif.'],
    [
      ["audit", "--fail-on", "hgih"],
      '--fail-on "hgih" is not one of mandatory, advisory, none, critical, high, medium, low. Did you mean --fail-on high?',
    ],
    [["audit", "--format", "sraif"], '--format "sraif" is not one of table, json, sarif. Did you mean --format sarif?'],
    [["audit", "--source", "graph"], '--source "graph" is not one of resourceGraph, arm.'],
    [["audit", "--bogus"], "unknown flag --bogus.\n"],
    [["audit", "--subscripton", CONTOSO_SUBSCRIPTION_ID], "unknown flag --subscripton. Did you mean -s, --subscription?"],
    [["audit", "--ouput-sarif", "x.sarif"], "unknown flag --ouput-sarif. Did you mean --output-sarif?"],
    [["audit", "--managementgroup", "contoso"], "unknown flag --managementgroup. Did you mean -m, --management-group?"],
    [["audit", "--subscription"], "-s, --subscription needs a value."],
    [["audit", "--tenant", "-q", "--progress"], "--quiet and --progress do not combine."],
    [["audit", "--subscription", "not-a-guid"], '--subscription: Invalid subscriptionId "not-a-guid": a subscription id must be a GUID'],
    [["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-g", "bad/name"], "--resource-group: Invalid resourceGroupName"],
    [["audit", "--endpoint", "http://example.com"], '--endpoint: The ARM endpoint "http://example.com" (from option) must use https://'],
    [["audit", "--tenant", "--subscription", CONTOSO_SUBSCRIPTION_ID], "--subscription and --tenant do not combine"],
    [["audit", "--tenant", "-g", "rg"], "--resource-group needs a single subscription"],
    [["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-s", FABRIKAM_SUBSCRIPTION_ID, "-g", "rg"], "--resource-group needs a single subscription"],
    [["audit", "-m", "contoso", "--tenant"], "--management-group and --tenant do not combine"],
    [["audit", "-m", "bad/group"], '--management-group: Invalid managementGroupIds[0] "bad/group": a management group id must be'],
    [["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-s", "nope"], '--subscription: Invalid subscriptionIds[1] "nope"'],
    [["audit", "--source", "resourceGraph"], "--source resourceGraph needs --subscription, --management-group or --tenant"],
    [
      ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "-g", "rg", "--source", "resourceGraph"],
      "--source resourceGraph does not combine with --resource-group",
    ],
    [["audit", "-m", "contoso", "--source", "arm"], '--source: Invalid source "arm"'],
    [["audit", "--tenant", "--max-accounts", "0"], '--max-accounts "0" is not a whole number of at least 1.'],
    [["audit", "--tenant", "--max-list-bytes", "1e9"], '--max-list-bytes "1e9" is not a whole number of at least 1.'],
    [[], "No command: the command is `audit`"],
    [["scan"], 'Unknown command "scan": the command is `audit` (see --help).'],
    [["adit"], 'Unknown command "adit": the command is `audit` (did you mean audit?)'],
    [["audit", "extra"], 'Unexpected argument "extra"'],
  ];
  for (const [args, message] of cases) {
    it(
      args.join(" ") || "(nothing)",
      async () => {
        emulator.clearStats();
        const r = await runAudit(emulator, args);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain(`azure-batch-policies: ${message}`);
        expect(r.stderr).toContain("Run `azure-batch-policies --help` for the flags.");
        expect(emulator.stats().total).toBe(0);
      },
      TIMEOUT,
    );
  }
});

describe("a missing subscription (exit 2)", () => {
  it(
    "names the command's own flags and the variable, not Pulumi config",
    async () => {
      emulator.clearStats();
      const r = await runAudit(emulator, ["audit"], { env: { ARM_SUBSCRIPTION_ID: undefined } });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        "azure-batch-policies: no subscription to audit: give --subscription ID (repeatable), --management-group ID or --tenant, or set ARM_SUBSCRIPTION_ID.\nRun `azure-batch-policies --help` for the flags.\n",
      );
      expect(emulator.stats().total).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "an unknown subscription is named once, with --subscription to check",
    async () => {
      const unknown = "11111111-2222-3333-4444-555555555555";
      const r = await runAudit(emulator, ["audit", "-s", unknown, "--accounts-only"]);
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(
        new RegExp(
          `^azure-batch-policies audit: subscription ${unknown} was not found \\(SubscriptionNotFound, HTTP 404, request id [^)]+\\): check --subscription, and that the signed-in tenant holds it \\(\`az account show\`\\)\\.\\n$`,
        ),
      );
    },
    TIMEOUT,
  );
});

describe("--help", () => {
  it(
    "explains every flag, the rules an audit runs and the permissions its reads need, the exit codes, with examples",
    async () => {
      const r = await runAudit(emulator, ["--help"]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      for (const [flag, def] of Object.entries(AUDIT_FLAGS)) {
        expect(r.stdout).toContain(`--${flag}`);
        if ("short" in def) expect(r.stdout).toContain(`-${def.short}, --${flag}`);
      }
      expect(r.stdout).toContain("--no-progress");
      const runs = r.stdout.slice(r.stdout.indexOf("Rules an audit runs"));
      for (const rule of [...RULES, ...POOL_RULES, ...STACK_RULES]) expect(runs).toContain(`  ${rule.name}\n`);
      for (const permission of [
        "Microsoft.Batch/batchAccounts/pools/read",
        "Microsoft.Insights/diagnosticSettings/read",
        "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read",
      ])
        expect(r.stdout).toContain(permission);
      expect(r.stdout).toMatch(/Exit codes: 0 .* 1 .* 2 .*\n.* 3 /);
      expect(r.stdout).toContain("npx azure-batch-policies audit --subscription");
      for (const variable of ["ARM_SUBSCRIPTION_ID", "AZURE_BATCH_LOOKUP_TOKEN", "ARM_RESOURCE_MANAGER_ENDPOINT", "NODE_EXTRA_CA_CERTS"])
        expect(r.stdout).toContain(variable);
      expect(emulator.stats().total).toBe(0);

      const version = await runAudit(emulator, ["--version"]);
      expect(version.stdout.trim()).toBe(
        JSON.parse(fs.readFileSync(path.join(__dirname, "../../../policies/package.json"), "utf8")).version,
      );
    },
    TIMEOUT,
  );
});

describe("start-up", () => {
  it(
    "does not load the Pulumi SDK or the policy SDK to judge models (only @pulumi/pulumi's small config reader)",
    async () => {
      const script = `require(${JSON.stringify(path.join(path.dirname(AUDIT_BIN), "run.js"))});
      const loaded = Object.keys(require.cache).filter((k) => /[\\/]@pulumi[\\/]/.test(k));
      console.log(JSON.stringify(loaded));`;
      const r = await run(process.execPath, ["-e", script], work, { timeoutMs: 60_000 });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe("the listing's caps", () => {
  it(
    "--max-accounts below the scope's accounts fails the audit with ListTooLarge and names the flags; above, it runs",
    async () => {
      const capped = await runAudit(emulator, ["audit", "-s", CONTOSO_SUBSCRIPTION_ID, "--max-accounts", "1"]);
      expect(capped.status).toBe(3);
      expect(capped.stdout).toBe("");
      expect(capped.stderr).toContain("ListTooLarge");
      expect(capped.stderr).toContain("Raise them with --max-accounts and --max-list-bytes");
      const roomy = await runAudit(emulator, [
        "audit",
        "-s",
        CONTOSO_SUBSCRIPTION_ID,
        "--max-accounts",
        "1000",
        "--max-list-bytes",
        "100000000",
      ]);
      expect([0, 1]).toContain(roomy.status);
      expect(roomy.stdout).toContain("accounts");
    },
    TIMEOUT,
  );
});
