// The estate reads' parsers held to the specifications copied in spec/: the fullest body each
// specification allows parses, every official example parses, and each field a specification
// requires in the objects a parser reads (secrets aside: ARM never returns them) is required by
// the parser too, which names it when it is missing.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBatchPoolPage } from "../../../provider/model/parse-pool";
import { parseDiagnosticSettingsPage } from "../../../provider/operations/diagnostic-settings-list";
import { parsePrivateDnsZoneGroupPage } from "../../../provider/operations/private-dns-zone-groups-list";
import { thrownBy } from "../../support/errors";
import { type Definitions, fullestInstance, type OpenApiSchema, resolveSchema, SPEC_DIR, schemaProperties } from "../../support/spec";

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, file), "utf8"));

function requiredOf(definitions: Definitions, schema: OpenApiSchema): string[] {
  const s = resolveSchema(definitions, schema);
  const props = schemaProperties(definitions, s);
  const own = [...(s.allOf ?? []).flatMap((p) => requiredOf(definitions, p)), ...(s.required ?? [])];
  return own.filter((name) => props[name]?.["x-ms-secret"] !== true);
}

const ACCOUNT = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct";
const ENDPOINT = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe";

interface Read {
  what: string;
  spec: string;
  item: string;
  /** The fullest item, with the ids the parser checks set to ones that belong. */
  fix: (item: any) => void;
  parse: (page: unknown) => unknown;
  /** The objects the parser reads: their definition and where they are in an item. */
  reads: { definition: string; at: string[] }[];
  examples: string[];
  /** What the specification requires in those objects (found by the test; listed to show it finds them). */
  required: string[];
}

const READS: Read[] = [
  {
    what: "Pool - List By Batch Account",
    spec: "batch-pool-2024-07-01.openapi.json",
    item: "Pool",
    fix: (pool) => {
      pool.id = `${ACCOUNT}/pools/pool1`;
    },
    parse: (page) => parseBatchPoolPage(page),
    reads: [
      { definition: "Pool", at: [] },
      { definition: "BatchPoolIdentity", at: ["identity"] },
      { definition: "DeploymentConfiguration", at: ["properties", "deploymentConfiguration"] },
      { definition: "VirtualMachineConfiguration", at: ["properties", "deploymentConfiguration", "virtualMachineConfiguration"] },
      {
        definition: "DiskEncryptionConfiguration",
        at: ["properties", "deploymentConfiguration", "virtualMachineConfiguration", "diskEncryptionConfiguration"],
      },
      { definition: "NetworkConfiguration", at: ["properties", "networkConfiguration"] },
      { definition: "PublicIPAddressConfiguration", at: ["properties", "networkConfiguration", "publicIPAddressConfiguration"] },
      { definition: "CertificateReference", at: ["properties", "certificates", "0"] },
    ],
    examples: ["pools/PoolList.json", "pools/PoolListWithFilter.json"],
    required: [
      "BatchPoolIdentity.type",
      "VirtualMachineConfiguration.imageReference",
      "VirtualMachineConfiguration.nodeAgentSkuId",
      "CertificateReference.id",
    ],
  },
  {
    what: "Diagnostic Settings - List",
    spec: "monitor-diagnostic-settings-2021-05-01-preview.openapi.json",
    item: "DiagnosticSettingsResource",
    fix: (setting) => {
      setting.id = `${ACCOUNT}/providers/microsoft.insights/diagnosticSettings/setting1`;
    },
    parse: (page) => parseDiagnosticSettingsPage(page),
    reads: [
      { definition: "DiagnosticSettingsResource", at: [] },
      { definition: "LogSettings", at: ["properties", "logs", "0"] },
      { definition: "MetricSettings", at: ["properties", "metrics", "0"] },
      { definition: "RetentionPolicy", at: ["properties", "logs", "0", "retentionPolicy"] },
      { definition: "RetentionPolicy", at: ["properties", "metrics", "0", "retentionPolicy"] },
    ],
    examples: ["monitor/listDiagnosticSettings.json"],
    required: [
      "LogSettings.enabled",
      "MetricSettings.enabled",
      "RetentionPolicy.enabled",
      "RetentionPolicy.days",
      "RetentionPolicy.enabled",
      "RetentionPolicy.days",
    ],
  },
  {
    what: "Private DNS Zone Groups - List",
    spec: "network-private-dns-zone-groups-2026-01-01.openapi.json",
    item: "PrivateDnsZoneGroup",
    fix: (group) => {
      group.id = `${ENDPOINT}/privateDnsZoneGroups/group1`;
    },
    parse: (page) => parsePrivateDnsZoneGroupPage(page),
    reads: [
      { definition: "PrivateDnsZoneGroup", at: [] },
      { definition: "PrivateDnsZoneConfig", at: ["properties", "privateDnsZoneConfigs", "0"] },
    ],
    examples: ["network/PrivateEndpointDnsZoneGroupList.json"],
    required: [],
  },
];

describe.each(READS)("$what", (r) => {
  const definitions: Definitions = read(r.spec).definitions;
  const item = () => {
    const value = fullestInstance(definitions, { $ref: `#/definitions/${r.item}` }) as any;
    r.fix(value);
    return value;
  };

  it("parses the fullest item the specification allows, and every official example", () => {
    expect(() => r.parse({ value: [item()] })).not.toThrow();
    for (const example of r.examples) expect(() => r.parse(read(`examples/${example}`).responses["200"].body), example).not.toThrow();
  });

  it("requires each field the specification requires in the objects it reads, naming it", () => {
    const checked: string[] = [];
    for (const { definition, at } of r.reads) {
      for (const field of requiredOf(definitions, { $ref: `#/definitions/${definition}` })) {
        const value = item();
        const parent = at.reduce((o, key) => o[key], value);
        delete parent[field];
        const e = thrownBy(() => r.parse({ value: [value] }));
        expect(e.code).toBe("InvalidResponse");
        expect(e.message).toContain([...at, field].join(".").replace(/\.(\d+)\./g, "[$1]."));
        checked.push(`${definition}.${field}`);
      }
    }
    expect(checked).toEqual(r.required);
  });
});
