/**
 * Turns the Swagger 2.0 document's `definitions` into a JSON Schema for ajv: `allOf` flattened
 * into the object, `additionalProperties: false` on object schemas (extra fields are caught),
 * `x-nullable: true` allowing null, secrets (`x-ms-secret`) not required in responses, and the `int32`, `date-time`, `duration` and `arm-id` formats checked.
 */
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { readJson, SPEC_DIR } from "./helpers";

type Schema = Record<string, any>;

export const SPEC_FILE = path.join(SPEC_DIR, "batch-account-2024-07-01.openapi.json");
/** The estate reads' specifications (pools, diagnostic settings, private DNS zone groups). */
export const POOL_SPEC_FILE = path.join(SPEC_DIR, "batch-pool-2024-07-01.openapi.json");
export const DIAGNOSTIC_SETTINGS_SPEC_FILE = path.join(SPEC_DIR, "monitor-diagnostic-settings-2021-05-01-preview.openapi.json");
export const DNS_ZONE_GROUPS_SPEC_FILE = path.join(SPEC_DIR, "network-private-dns-zone-groups-2026-01-01.openapi.json");

const ISO8601_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function refName(ref: string): string {
  const m = /^#\/definitions\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unexpected $ref ${ref}`);
  return m[1];
}

export function convertDefinitions(definitions: Record<string, Schema>): Record<string, Schema> {
  const cache = new Map<string, Schema>();

  function flattenDef(name: string): Schema {
    if (cache.has(name)) return cache.get(name)!;
    const def = definitions[name];
    if (!def) throw new Error(`unknown definition ${name}`);
    const out = convert(def);
    cache.set(name, out);
    return out;
  }

  function convert(s: Schema): Schema {
    const schema: Schema = { ...s };
    if (schema.$ref) {
      schema.$ref = `#/definitions/${refName(schema.$ref)}`;
    }
    if (schema.allOf) {
      // Merge the parents' properties / required into this object schema.
      const props: Schema = {};
      const required = new Set<string>(schema.required ?? []);
      for (const part of schema.allOf as Schema[]) {
        const parent = part.$ref ? flattenDef(refName(part.$ref)) : convert(part);
        Object.assign(props, parent.properties ?? {});
        for (const r of parent.required ?? []) required.add(r);
      }
      delete schema.allOf;
      schema.properties = { ...props, ...(schema.properties ?? {}) };
      if (required.size) schema.required = [...required];
      schema.type ??= "object";
    }
    if (schema.properties) {
      // A secret (`x-ms-secret`) is write-only: ARM never returns it, so a response lacks it even where it is required.
      const secrets = Object.entries(schema.properties as Schema).filter(([, v]) => v["x-ms-secret"] === true);
      if (secrets.length > 0 && schema.required)
        schema.required = (schema.required as string[]).filter((r) => !secrets.some(([k]) => k === r));
      const converted: Schema = {};
      for (const [k, v] of Object.entries(schema.properties as Schema)) {
        const c = v.$ref ? { $ref: `#/definitions/${refName(v.$ref)}` } : convert(v);
        converted[k] = v["x-nullable"] === true ? { anyOf: [c, { type: "null" }] } : c;
      }
      schema.properties = converted;
      if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    }
    if (schema.items) schema.items = convert(schema.items);
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      schema.additionalProperties = convert(schema.additionalProperties);
    }
    // Swagger annotations ajv need not see.
    for (const k of Object.keys(schema)) if (k.startsWith("x-ms-") || k === "readOnly" || k === "x-nullable") delete schema[k];
    return schema;
  }

  const out: Record<string, Schema> = {};
  for (const name of Object.keys(definitions)) out[name] = flattenDef(name);
  return out;
}

export interface SpecValidator {
  /** Errors of `data` against a definition (empty when valid). */
  errors(definition: string, data: unknown): string[];
}

/** A validator of the definitions of one of the specifications in spec/ (the Batch account one by default). */
export function loadSpecValidator(file = SPEC_FILE): SpecValidator {
  const spec = readJson(file);
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("date-time", { type: "string", validate: (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)) });
  ajv.addFormat("duration", { type: "string", validate: (s: string) => ISO8601_DURATION.test(s) });
  ajv.addFormat("arm-id", {
    type: "string",
    validate: (s: string) => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i.test(s),
  });
  ajv.addSchema({ $id: "batch-spec", definitions: convertDefinitions(spec.definitions) });
  const compiled = new Map<string, ValidateFunction>();
  return {
    errors(definition, data) {
      let v = compiled.get(definition);
      if (!v) {
        v = ajv.compile({ $ref: `batch-spec#/definitions/${definition}` });
        compiled.set(definition, v);
      }
      if (v(data)) return [];
      return (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
    },
  };
}
