// Generates schema.json, the Pulumi package schema of the provider plugin, from the library's
// sources: the fields of the model (BATCH_ACCOUNT_FIELDS, in its order), their types and doc
// comments (read from provider/model/batch-account.ts with the TypeScript compiler), the lookup arguments
// (GetBatchAccountArgs, ListBatchAccountsArgs, and those of the estate lookups) and the provider
// configuration (the settings declared in provider/settings/settings.ts).
// Nothing here lists a field of the model: a field added to the model reaches the schema, and the
// SDKs generated from it, on the next run.
//
//   node dist/scripts/generate-schema.js            writes schema.json
//   node dist/scripts/generate-schema.js --check    exits 1 when schema.json is stale

import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as ts from "typescript";
import { BATCH_ACCOUNT_FIELD_NAMES } from "../provider/model/batch-account";
import {
  BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE,
  BATCH_ACCOUNT_SCHEMA_TYPE,
  GET_BATCH_ACCOUNT_TOKEN,
  LIST_BATCH_ACCOUNTS_TOKEN,
  LIST_BATCH_POOLS_TOKEN,
  LIST_DIAGNOSTIC_SETTINGS_TOKEN,
  LIST_PRIVATE_DNS_ZONE_GROUPS_TOKEN,
  PROVIDER_PACKAGE,
} from "../provider/plugin/tokens";
import { SETTING_NAMES, SETTINGS, settingSchemaDescription } from "../provider/settings/settings";

const REPO_ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, "..", "package.json")) ? ".." : "../..");
export const SCHEMA_PATH = path.join(REPO_ROOT, "schema.json");

/** Where the Go SDK lives, as a Go import path, and the Python package name. */
export const GO_IMPORT_BASE_PATH = "github.com/azure-batch-lookup/azure-batch-lookup/sdk/go/azurebatchlookup";
export const GO_MODULE_PATH = "github.com/azure-batch-lookup/azure-batch-lookup/sdk/go";
export const PYTHON_PACKAGE_NAME = "pulumi_azure_batch_lookup";

/**
 * Where the engine downloads the release archives (`pulumi-resource-azure-batch-lookup-v<version>-<os>-<arch>.tar.gz`):
 * the GitHub releases of the repository package.json names, one release per version tag.
 */
export function pluginDownloadURL(manifest: { repository?: string | { url?: string } }): string {
  const url = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  const match = /github\.com[/:]([^/]+)\/([^/.]+)(\.git)?$/.exec(url ?? "");
  if (match === null) throw new Error(`package.json repository ${url} is not a GitHub repository: no release location for the plugin`);
  return `https://github.com/${match[1]}/${match[2]}/releases/download/v\${VERSION}`;
}

type Json = Record<string, unknown>;

interface PropertySpec extends Json {
  description?: string;
}

interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required: string[];
}

class SchemaBuilder {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly types: Record<string, Json> = {};

  constructor(readonly files: string[]) {
    this.program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      skipLibCheck: true,
    });
    this.checker = this.program.getTypeChecker();
  }

  /** The interface `name` declared in `file`. */
  declaration(file: string, name: string): ts.InterfaceDeclaration {
    const source = this.program.getSourceFile(file);
    if (source === undefined) throw new Error(`${file} is not part of the program`);
    let found: ts.InterfaceDeclaration | undefined;
    ts.forEachChild(source, (node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === name) found = node;
    });
    if (found === undefined) throw new Error(`interface ${name} not found in ${file}`);
    return found;
  }

  docOf(symbol: ts.Symbol): string | undefined {
    const text = ts
      .displayPartsToString(symbol.getDocumentationComment(this.checker))
      .replace(/\s*\n\s*/g, " ")
      .trim();
    return text === "" ? undefined : text;
  }

  /** The properties of an interface, in `order` when given (the model's field list). */
  objectOf(decl: ts.InterfaceDeclaration, order?: readonly string[]): ObjectSpec {
    const type = this.checker.getTypeAtLocation(decl);
    const symbols = new Map(this.checker.getPropertiesOfType(type).map((s) => [s.name, s]));
    const names = order ?? [...symbols.keys()];
    if (order !== undefined) {
      const missing = [...symbols.keys()].filter((n) => !order.includes(n));
      if (missing.length > 0) throw new Error(`${decl.name.text} has fields the field list lacks: ${missing.join(", ")}`);
    }
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const name of names) {
      const symbol = symbols.get(name);
      if (symbol === undefined) throw new Error(`${decl.name.text} has no field ${name}`);
      const propType = this.checker.getTypeOfSymbolAtLocation(symbol, decl);
      const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0 || this.includesUndefined(propType);
      const spec = this.typeSpec(this.withoutUndefined(propType), name);
      const doc = this.docOf(symbol);
      properties[name] = { ...spec, ...(doc === undefined ? {} : { description: [doc, spec.description].filter(Boolean).join(" ") }) };
      if (spec.description !== undefined && doc === undefined) properties[name]!.description = spec.description as string;
      if (!optional) required.push(name);
    }
    return { properties, required };
  }

  includesUndefined(type: ts.Type): boolean {
    return type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
  }

  withoutUndefined(type: ts.Type): ts.Type {
    return type.isUnion() ? this.checker.getNonNullableType(type) : type;
  }

  /** A TypeScript type as a schema type: strings (string unions list their known values), numbers, booleans, arrays, maps, object types. */
  typeSpec(type: ts.Type, where: string): PropertySpec {
    const flags = type.flags;
    if (flags & ts.TypeFlags.String) return { type: "string" };
    if (flags & ts.TypeFlags.StringLiteral)
      return { type: "string", description: `Known value: \`${(type as ts.StringLiteralType).value}\`.` };
    if (flags & ts.TypeFlags.Number) return { type: "number" };
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    if (type.isUnion()) {
      const members = type.types;
      if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
      const literals = members.filter((t): t is ts.StringLiteralType => (t.flags & ts.TypeFlags.StringLiteral) !== 0).map((t) => t.value);
      const stringish = members.every(
        (t) =>
          t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.String) ||
          (t.isIntersection() && t.types.some((p) => p.flags & ts.TypeFlags.String)),
      );
      if (stringish) {
        const open = literals.length < members.length;
        return {
          type: "string",
          description: `Known values: ${literals.map((v) => `\`${v}\``).join(", ")}${open ? " (a newer service version may add others)" : ""}.`,
        };
      }
    }
    // An element's description (known values) belongs to the property: a schema type spec has none.
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      const { description, ...items } = this.typeSpec(element!, `${where}[]`);
      return { type: "array", items, ...(description === undefined ? {} : { description }) };
    }
    const index = this.checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index !== undefined && this.checker.getPropertiesOfType(type).length === 0) {
      const { description, ...values } = this.typeSpec(index, `${where}{}`);
      return { type: "object", additionalProperties: values, ...(description === undefined ? {} : { description }) };
    }
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const decl = symbol?.declarations?.find(ts.isInterfaceDeclaration);
    if (decl !== undefined) return { $ref: `#/types/${this.objectType(decl)}` };
    throw new Error(`${where}: no schema type for ${this.checker.typeToString(type)}`);
  }

  /** Registers an interface of the model as an object type of the schema; returns its token. */
  objectType(decl: ts.InterfaceDeclaration, order?: readonly string[]): string {
    const token = `${PROVIDER_PACKAGE}:index:${decl.name.text}`;
    if (this.types[token] === undefined) {
      this.types[token] = { type: "object" }; // placeholder: recursive types
      const symbol = this.checker.getSymbolAtLocation(decl.name);
      const { properties, required } = this.objectOf(decl, order);
      this.types[token] = {
        type: "object",
        ...(symbol && this.docOf(symbol) ? { description: this.docOf(symbol) } : {}),
        properties,
        ...(required.length > 0 ? { required } : {}),
      };
    }
    return token;
  }

  functionDoc(file: string, name: string): string {
    const source = this.program.getSourceFile(file)!;
    let doc = "";
    ts.forEachChild(source, (node) => {
      if (ts.isFunctionDeclaration(node) && node.name?.text === name) doc = this.docOf(this.checker.getSymbolAtLocation(node.name)!) ?? "";
    });
    return doc;
  }
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]!]),
  );
}

/** The package schema, as an object. */
export function generateSchema(root: string = REPO_ROOT): Json {
  const file = (rel: string) => path.join(root, rel);
  const files = {
    model: file("provider/model/batch-account.ts"),
    get: file("provider/lookups/get-batch-account.ts"),
    list: file("provider/lookups/list-batch-accounts.ts"),
    reference: file("provider/reference/batch-account-reference.ts"),
    pools: file("provider/lookups/list-batch-pools.ts"),
    diagnosticSettings: file("provider/lookups/list-diagnostic-settings.ts"),
    dnsZoneGroups: file("provider/lookups/list-private-dns-zone-groups.ts"),
  };
  const b = new SchemaBuilder(Object.values(files));
  const accountDecl = b.declaration(files.model, "BatchAccount");
  const accountToken = b.objectType(accountDecl, BATCH_ACCOUNT_FIELD_NAMES);
  if (accountToken !== BATCH_ACCOUNT_SCHEMA_TYPE) throw new Error(`unexpected account type ${accountToken}`);
  const account = b.objectOf(accountDecl, BATCH_ACCOUNT_FIELD_NAMES);
  const getArgs = b.objectOf(b.declaration(files.get, "GetBatchAccountArgs"));
  const listArgs = b.objectOf(b.declaration(files.list, "ListBatchAccountsArgs"));
  const listResult = b.objectOf(b.declaration(files.model, "BatchAccountListResult"));
  // The estate lookups: `<name>Args` in, `<Result>` out, each declared beside its function.
  const estateFunction = (source: string, name: string, args: string, result: string) => {
    const inputs = b.objectOf(b.declaration(source, args));
    const outputs = b.objectOf(b.declaration(source, result));
    return {
      description: b.functionDoc(source, name),
      inputs: { properties: inputs.properties, required: inputs.required },
      outputs: { properties: outputs.properties, required: outputs.required },
    };
  };
  const estateFunctions = {
    [LIST_BATCH_POOLS_TOKEN]: estateFunction(files.pools, "listBatchPools", "ListBatchPoolsArgs", "BatchPoolListResult"),
    [LIST_DIAGNOSTIC_SETTINGS_TOKEN]: estateFunction(
      files.diagnosticSettings,
      "listDiagnosticSettings",
      "ListDiagnosticSettingsArgs",
      "DiagnosticSettingListResult",
    ),
    [LIST_PRIVATE_DNS_ZONE_GROUPS_TOKEN]: estateFunction(
      files.dnsZoneGroups,
      "listPrivateDnsZoneGroups",
      "ListPrivateDnsZoneGroupsArgs",
      "PrivateDnsZoneGroupListResult",
    ),
  };

  // The reference: the lookup arguments as inputs; every field of the account as an output, less
  // `id` (the resource's own id is the account's id), plus the account name it was given.
  const referenceOutputs: Record<string, PropertySpec> = {};
  for (const [name, spec] of Object.entries(account.properties)) if (name !== "id") referenceOutputs[name] = spec;
  referenceOutputs.accountName = getArgs.properties.accountName!;
  const referenceDoc = b.docOf(b.checker.getSymbolAtLocation(b.declaration(files.reference, "BatchAccountReference").name)!) ?? "";

  const configVariables: Record<string, PropertySpec> = {};
  for (const name of SETTING_NAMES) {
    const setting = SETTINGS[name];
    configVariables[name] = {
      ...(setting.type === "string[]" ? { type: "array", items: { type: "string" } } : { type: setting.type }),
      description: settingSchemaDescription(name),
      ...(setting.secret ? { secret: true } : {}),
    };
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

  return {
    name: PROVIDER_PACKAGE,
    displayName: "Azure Batch lookup",
    version: manifest.version,
    description: manifest.description,
    keywords: ["pulumi", "azure", "batch", "category/cloud", "kind/native"],
    homepage: "https://github.com/azure-batch-lookup/azure-batch-lookup",
    license: manifest.license,
    repository: "https://github.com/azure-batch-lookup/azure-batch-lookup",
    publisher: "azure-batch-lookup",
    pluginDownloadURL: pluginDownloadURL(manifest),
    meta: { moduleFormat: "(.*)" },
    config: { variables: configVariables },
    provider: {
      description:
        "The azure-batch-lookup provider: where and as whom the lookups and references read ARM (one provider per subscription or identity).",
      inputProperties: configVariables,
    },
    types: sorted(b.types),
    resources: {
      [BATCH_ACCOUNT_REFERENCE_PLUGIN_TYPE]: {
        description: referenceDoc,
        inputProperties: getArgs.properties,
        requiredInputs: getArgs.required,
        properties: referenceOutputs,
        required: [...account.required.filter((n) => n !== "id"), "accountName"],
      },
    },
    functions: {
      [GET_BATCH_ACCOUNT_TOKEN]: {
        description: b.functionDoc(files.get, "getBatchAccount"),
        inputs: { properties: getArgs.properties, required: getArgs.required },
        outputs: { properties: account.properties, required: account.required },
      },
      [LIST_BATCH_ACCOUNTS_TOKEN]: {
        description: b.functionDoc(files.list, "listBatchAccounts"),
        inputs: { properties: listArgs.properties },
        outputs: { properties: listResult.properties, required: listResult.required },
      },
      ...estateFunctions,
    },
    language: {
      go: {
        importBasePath: GO_IMPORT_BASE_PATH,
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      python: {
        packageName: PYTHON_PACKAGE_NAME,
        respectSchemaVersion: true,
        pyproject: { enabled: true },
        requires: { pulumi: ">=3.142.0,<4.0.0" },
      },
      csharp: { respectSchemaVersion: true },
      java: { basePackage: "com.azurebatchlookup" },
    },
  };
}

/** The schema as schema.json holds it. */
export function schemaText(root: string = REPO_ROOT): string {
  return `${JSON.stringify(generateSchema(root), null, 2)}\n`;
}

function main(): void {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false }, out: { type: "string", default: SCHEMA_PATH } } });
  const text = schemaText();
  if (values.check) {
    const current = fs.existsSync(values.out) ? fs.readFileSync(values.out, "utf8") : "";
    if (current !== text) {
      console.error(`${values.out} is stale: run \`npm run generate\`.`);
      process.exitCode = 1;
    }
    return;
  }
  fs.writeFileSync(values.out, text);
  console.log(`wrote ${path.relative(process.cwd(), values.out)}`);
}

if (require.main === module) main();
