/**
 * The Batch account schema (2024-07-01), stated independently of provider/model/parse-batch-account.ts, for the
 * property-based suites: the model a body describes (flattening, defaults, `null` = absent, unknown
 * fields ignored) or a Violation when the body contradicts the schema, and generators of ARM
 * accounts from the schema and of such accounts mutated at a random place.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { BATCH_API_VERSION, BatchLookupError } from "../../provider";

// ---------------------------------------------------------------------------------------------
// The schema, stated independently of provider/model/parse-batch-account.ts

type Shape = "string" | "int" | "bool" | { obj: Record<string, Shape>; required: string[] } | { arr: Shape } | { map: Shape };
const S = "string" as const;
const I = "int" as const;
const B = "bool" as const;
const obj = (fields: Record<string, Shape>, required: string[] = []): Shape => ({ obj: fields, required });

const IP_RULE = obj({ action: S, value: S }, ["action", "value"]);
const ACCESS = obj({ defaultAction: S, ipRules: { arr: IP_RULE } }, ["defaultAction"]);
const PEC_PROPERTIES = obj({
  provisioningState: S,
  privateEndpoint: obj({ id: S }),
  groupIds: { arr: S },
  privateLinkServiceConnectionState: obj({ status: S, description: S, actionsRequired: S }, ["status"]),
});
// ARM's common systemData: not in the Batch 2024-07-01 schema, parsed when present.
const SYSTEM_DATA = obj({ createdBy: S, createdByType: S, createdAt: S, lastModifiedBy: S, lastModifiedByType: S, lastModifiedAt: S });
const PEC = obj({ id: S, name: S, type: S, etag: S, tags: { map: S }, systemData: SYSTEM_DATA, properties: PEC_PROPERTIES });
const PROPERTIES = obj(
  {
    accountEndpoint: S,
    nodeManagementEndpoint: S,
    provisioningState: S,
    poolAllocationMode: S,
    keyVaultReference: obj({ id: S, url: S }, ["id", "url"]),
    publicNetworkAccess: S,
    networkProfile: obj({ accountAccess: ACCESS, nodeManagementAccess: ACCESS }),
    privateEndpointConnections: { arr: PEC },
    autoStorage: obj({ storageAccountId: S, authenticationMode: S, nodeIdentityReference: obj({ resourceId: S }), lastKeySync: S }, [
      "storageAccountId",
      "lastKeySync",
    ]),
    encryption: obj({ keySource: S, keyVaultProperties: obj({ keyIdentifier: S }) }),
    dedicatedCoreQuota: I,
    lowPriorityCoreQuota: I,
    dedicatedCoreQuotaPerVMFamily: { arr: obj({ name: S, coreQuota: I }) },
    dedicatedCoreQuotaPerVMFamilyEnforced: B,
    poolQuota: I,
    activeJobAndJobScheduleQuota: I,
    allowedAuthenticationModes: { arr: S },
  },
  ["accountEndpoint"],
); // not required by the schema, but every Batch account has one and the model promises a string
const IDENTITY = obj({ principalId: S, tenantId: S, type: S, userAssignedIdentities: { map: obj({ principalId: S, clientId: S }) } }, [
  "type",
]);
const ACCOUNT_SHAPE = obj(
  { id: S, name: S, type: S, location: S, tags: { map: S }, identity: IDENTITY, systemData: SYSTEM_DATA, properties: PROPERTIES },
  ["id", "location", "properties"],
);

class Violation extends Error {}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value as the schema sees it (known fields only, null = absent), or a Violation. */
function project(value: unknown, shape: Shape): unknown {
  if (shape === "string") {
    if (typeof value !== "string") throw new Violation();
    return value;
  }
  if (shape === "int") {
    if (typeof value !== "number" || !Number.isInteger(value)) throw new Violation();
    return value;
  }
  if (shape === "bool") {
    if (typeof value !== "boolean") throw new Violation();
    return value;
  }
  if ("arr" in shape) {
    if (!Array.isArray(value)) throw new Violation();
    return value.map((item) => project(item, shape.arr));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Violation();
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ("map" in shape) {
    for (const key of Object.keys(source)) setOwn(out, key, project(source[key], shape.map));
    return out;
  }
  for (const [key, fieldShape] of Object.entries(shape.obj)) {
    const v = Object.hasOwn(source, key) ? source[key] : undefined;
    if (v === undefined || v === null) {
      if (shape.required.includes(key)) throw new Violation();
      continue;
    }
    out[key] = project(v, fieldShape);
  }
  return out;
}

const ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Batch\/batchAccounts\/([^/]+)$/i;

/** The model a body describes, or a Violation when the body contradicts the schema. */
export function expectedModel(body: unknown): Record<string, unknown> {
  const p = project(body, ACCOUNT_SHAPE) as Record<string, any>;
  const m = ID.exec(p.id as string);
  if (m === null) throw new Violation();
  const props = (p.properties ?? {}) as Record<string, any>;
  const model: Record<string, unknown> = {
    id: p.id,
    name: p.name ?? m[3],
    type: p.type ?? "Microsoft.Batch/batchAccounts",
    location: p.location,
    publicNetworkAccess: props.publicNetworkAccess ?? "Enabled",
    subscriptionId: m[1],
    resourceGroupName: m[2],
    azureApiVersion: BATCH_API_VERSION,
  };
  if (p.tags !== undefined) model.tags = p.tags;
  if (p.identity !== undefined) model.identity = p.identity;
  if (p.systemData !== undefined) model.systemData = p.systemData;
  for (const [key, value] of Object.entries(props)) {
    if (key === "publicNetworkAccess") continue;
    if (key === "privateEndpointConnections") {
      model[key] = (value as Array<Record<string, unknown>>).map(({ properties, ...top }) => ({
        ...top,
        ...(properties as object | undefined),
      }));
    } else if (key === "autoStorage") {
      model[key] = {
        ...(value as object),
        authenticationMode: (value as { authenticationMode?: string }).authenticationMode ?? "StorageKeys",
      };
    } else {
      model[key] = value;
    }
  }
  return model;
}

export function expectedPage(body: unknown): { value: Record<string, unknown>[]; nextLink?: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Violation();
  const o = body as Record<string, unknown>;
  const value = o.value === undefined || o.value === null ? [] : o.value;
  if (!Array.isArray(value)) throw new Violation();
  const page: { value: Record<string, unknown>[]; nextLink?: string } = { value: value.map(expectedModel) };
  if (o.nextLink !== undefined && o.nextLink !== null) {
    if (typeof o.nextLink !== "string") throw new Violation();
    if (o.nextLink !== "") page.nextLink = o.nextLink;
  }
  return page;
}

/** parse and the oracle agree: both reject, or both accept with the same model. */
export function agree<T>(parse: () => T, oracleFn: () => unknown): void {
  let expected: unknown;
  let violation = false;
  try {
    expected = oracleFn();
  } catch (err) {
    if (!(err instanceof Violation)) throw err;
    violation = true;
  }
  let actual: T | undefined;
  let error: unknown;
  try {
    actual = parse();
  } catch (err) {
    error = err;
  }
  if (error !== undefined) {
    expect(error, String(error)).toBeInstanceOf(BatchLookupError);
    expect((error as BatchLookupError).code).toBe("InvalidResponse");
    expect(typeof (error as BatchLookupError).target).toBe("string");
    expect(violation, `rejected a body that matches the schema: ${(error as Error).message}`).toBe(true);
    return;
  }
  expect(violation, "accepted a body that contradicts the schema").toBe(false);
  expect(actual).toEqual(expected);
  // JSON round trip too, so own "__proto__" keys and prototypes cannot hide a difference.
  expect(JSON.parse(JSON.stringify(actual))).toEqual(JSON.parse(JSON.stringify(expected)));
}

// ---------------------------------------------------------------------------------------------
// Generators

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("", "Enabled", "Disabled", "StorageKeys"),
);
const mapKey = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"),
);

function arbitraryFor(shape: Shape, depth = 0): fc.Arbitrary<unknown> {
  if (shape === "string") return text;
  if (shape === "int") return fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(0));
  if (shape === "bool") return fc.boolean();
  if ("arr" in shape) return fc.array(arbitraryFor(shape.arr, depth + 1), { maxLength: depth > 2 ? 1 : 3 });
  if ("map" in shape) return fc.dictionary(mapKey, arbitraryFor(shape.map, depth + 1), { maxKeys: 3, noNullPrototype: true });
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, fieldShape] of Object.entries(shape.obj)) {
    const a = arbitraryFor(fieldShape, depth + 1);
    fields[key] = shape.required.includes(key) ? a : fc.oneof({ weight: 5, arbitrary: a }, fc.constant(null));
  }
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: shape.required }),
      fc.dictionary(
        fc.string({ maxLength: 6 }).map((k) => `x-${k}`),
        fc.jsonValue({ maxDepth: 1 }),
        { maxKeys: 1 },
      ),
    )
    .map(([known, unknownExtra]) => ({ ...unknownExtra, ...known }));
}

const segment = fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !s.includes("/"));
const armId = fc
  .tuple(segment, segment, segment, fc.constantFrom("Microsoft.Batch/batchAccounts", "microsoft.batch/BATCHACCOUNTS"))
  .map(([sub, rg, name, type]) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`);

export const validAccountBody = fc.tuple(arbitraryFor(ACCOUNT_SHAPE), armId).map(([body, id]) => ({ ...(body as object), id }));

type Path = Array<string | number>;
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof value === "object" && value !== null)
    for (const k of Object.keys(value)) paths((value as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

function mutate(body: unknown, path: Path, how: "replace" | "delete" | "null", replacement: unknown): unknown {
  if (path.length === 0) return how === "replace" ? replacement : how === "null" ? null : undefined;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (how === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    setOwn(parent as Record<string, unknown>, String(last), how === "null" ? null : replacement);
  }
  return copy;
}

/** What a mutation puts somewhere: any JSON, and the values most likely to be mistaken for another type. */
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom<unknown>(1.5, -0.5, 1e21, "1", "true", "", true, false, [], {}, [null], ["x"], { id: "x" }),
);

export const mutatedAccountBody = validAccountBody.chain((body) => {
  const all = paths(body);
  return fc
    .tuple(
      fc.integer({ min: 0, max: all.length - 1 }),
      fc.constantFrom("replace" as const, "delete" as const, "null" as const),
      replacement,
    )
    .map(([i, how, replacement]) => mutate(body, all[i]!, how, replacement));
});
