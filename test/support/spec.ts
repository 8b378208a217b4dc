// Access to the Azure REST specification and official examples shipped beside the repository.
import * as fs from "node:fs";
import * as path from "node:path";

export const SPEC_DIR = path.resolve(__dirname, "../../spec");
export const OPENAPI_PATH = path.join(SPEC_DIR, "batch-account-2024-07-01.openapi.json");
export const EXAMPLES_DIR = path.join(SPEC_DIR, "examples");

export interface OpenApiSchema {
  type?: string;
  $ref?: string;
  allOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  enum?: string[];
  required?: string[];
  "x-ms-client-flatten"?: boolean;
  [key: string]: unknown;
}

export type Definitions = Record<string, OpenApiSchema>;

/** The definition a `$ref` names (the schema itself when it is no reference). */
export function resolveSchema(definitions: Definitions, schema: OpenApiSchema): OpenApiSchema {
  if (schema.$ref === undefined) return schema;
  const def = definitions[schema.$ref.replace("#/definitions/", "")];
  if (def === undefined) throw new Error(`unresolved ${schema.$ref}`);
  return def;
}

/** Own and inherited (allOf) properties of an object schema. */
export function schemaProperties(definitions: Definitions, schema: OpenApiSchema): Record<string, OpenApiSchema> {
  const s = resolveSchema(definitions, schema);
  const out: Record<string, OpenApiSchema> = {};
  for (const parent of s.allOf ?? []) Object.assign(out, schemaProperties(definitions, parent));
  return Object.assign(out, s.properties ?? {});
}

/**
 * A value for every property of the schema, the fullest body ARM could send: the last enum value,
 * 7 for numbers, true, a one-item array or map, a valid date-time or duration, "text" otherwise.
 */
export function fullestInstance(definitions: Definitions, schema: OpenApiSchema, depth = 0): unknown {
  const s = resolveSchema(definitions, schema);
  if (s.enum !== undefined) return s.enum[s.enum.length - 1];
  if (s.type === "integer" || s.type === "number") return 7;
  if (s.type === "boolean") return true;
  if (s.type === "array") return [fullestInstance(definitions, s.items ?? { type: "string" }, depth + 1)];
  if (s.format === "date-time") return "2024-07-01T10:00:00Z";
  if (s.format === "duration") return "PT15M";
  const props = schemaProperties(definitions, s);
  if (Object.keys(props).length > 0 && depth < 10) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) o[k] = fullestInstance(definitions, v, depth + 1);
    return o;
  }
  if (typeof s.additionalProperties === "object") return { key1: fullestInstance(definitions, s.additionalProperties, depth + 1) };
  return "text";
}

export function loadOpenApi(): { definitions: Definitions } {
  return JSON.parse(fs.readFileSync(OPENAPI_PATH, "utf8"));
}

/** Every example file: its name and its parsed JSON. */
export function loadExamples(): Array<{ file: string; json: any }> {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), "utf8")) }));
}

/** The Batch account bodies an example returns (one for get/create/update, several for lists). */
export function exampleAccounts(json: any): any[] {
  const body = json.responses?.["200"]?.body;
  if (body === undefined) return [];
  return Array.isArray(body.value) ? body.value : [body];
}
