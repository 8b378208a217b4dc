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

export function loadOpenApi(): { definitions: Record<string, OpenApiSchema> } {
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
