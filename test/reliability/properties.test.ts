/**
 * Property-based tests (fast-check) of the validators and of the response parser.
 *
 * - Validators: for any JavaScript value, a validator returns the value exactly when an
 *   independent statement of the rule accepts it, and otherwise throws a BatchLookupError naming
 *   the field and the rule; nothing else is ever thrown, and no request is made.
 * - Parser: for random JSON, for ARM accounts generated from the schema and for such accounts
 *   mutated at a random place, parsing either throws a BatchLookupError (InvalidResponse, naming
 *   the field) or returns exactly the model the body describes, as computed by an independent
 *   projection of the schema (flattening, defaults, `null` = absent, unknown fields ignored).
 *   A body is rejected exactly when it contradicts the schema.
 * - Error mapping and the whole pipeline over HTTP: any status, headers and body end in the
 *   correct model or a BatchLookupError.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import {
  BATCH_API_VERSION,
  BatchLookupError,
  closeClients,
  getBatchAccount,
  listBatchAccounts,
  StaticTokenCredential,
} from "../../provider";
import { armAdvice, describeTarget, errorFromResponse, parseArmError } from "../../provider/arm/response-errors";
import { parseBatchAccount, parseBatchAccountPage } from "../../provider/parse";
import { validateAccountName, validateResourceGroupName, validateSubscriptionId } from "../../provider/validate";
import { fakeResponse } from "../support/pipeline-response";
import { ACCOUNT, optionsFor, RG, SUB, startPagedEmulator } from "./helpers";

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);

// ---------------------------------------------------------------------------------------------
// Validators

/** The rules, stated independently of provider/validate.ts. */
const oracle = {
  accountName(v: unknown): boolean {
    if (typeof v !== "string" || v.length < 3 || v.length > 24) return false;
    for (const ch of v) {
      const c = ch.charCodeAt(0);
      const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (!ok || ch.length !== 1) return false;
    }
    return true;
  },
  resourceGroupName(v: unknown): boolean {
    if (typeof v !== "string") return false;
    const chars = [...v];
    if (chars.length < 1 || chars.length > 90 || v.endsWith(".")) return false;
    return chars.every((ch) => "-_.()".includes(ch) || /^\p{L}$/u.test(ch) || /^\p{Nd}$/u.test(ch));
  },
  subscriptionId(v: unknown): boolean {
    if (typeof v !== "string" || v.length !== 36) return false;
    return [...v].every((ch, i) => ([8, 13, 18, 23].includes(i) ? ch === "-" : "0123456789abcdefABCDEF".includes(ch)));
  },
};

const RULES = {
  accountName: "a Batch account name must be 3 to 24 characters, ASCII letters and digits only",
  resourceGroupName: "a resource group name must be 1 to 90 characters of letters, digits",
  subscriptionId: "a subscription id must be a GUID",
};

/** Values near the valid ones: valid names with a character inserted, removed or replaced. */
function nearby(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const odd = fc.constantFrom(
    "-",
    "_",
    ".",
    "/",
    "\\",
    " ",
    "\n",
    "\u0000",
    "%",
    "?",
    "#",
    "\u0430",
    "\uff41",
    "\u0661",
    "\u200b",
    "e\u0301",
    "\u{1F600}",
    "..",
    "../",
  );
  return fc.tuple(valid, fc.nat(), odd, fc.constantFrom("insert", "replace", "delete", "append")).map(([s, i, ch, op]) => {
    const at = s.length === 0 ? 0 : i % s.length;
    if (op === "insert") return s.slice(0, at) + ch + s.slice(at);
    if (op === "replace") return s.slice(0, at) + ch + s.slice(at + 1);
    if (op === "delete") return s.slice(0, at) + s.slice(at + 1);
    return s + ch;
  });
}

const alnum = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""));
const validAccount = fc.array(alnum, { minLength: 3, maxLength: 24 }).map((a) => a.join(""));
const rgChar = fc.oneof(alnum, fc.constantFrom("-", "_", ".", "(", ")", "\u00e9", "\u5c71", "\u0661"));
const validRg = fc
  .array(rgChar, { minLength: 1, maxLength: 90 })
  .map((a) => a.join(""))
  .filter((s) => !s.endsWith("."));
const hex = fc.constantFrom(..."0123456789abcdefABCDEF".split(""));
const hexN = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(""));
const validGuid = fc.tuple(hexN(8), hexN(4), hexN(4), hexN(4), hexN(12)).map((p) => p.join("-"));

const anyValue = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom<unknown>(null, undefined, Number.NaN, 0, -1, 1n, true, [], {}, () => "x", Symbol("x"), new String("abcdef"), new Date(0)),
);

function checkValidator(field: keyof typeof RULES, validate: (v: unknown) => string, good: fc.Arbitrary<string>): void {
  fc.assert(
    fc.property(fc.oneof(good, nearby(good), anyValue), (value) => {
      let result: string | undefined;
      let error: unknown;
      try {
        result = validate(value);
      } catch (err) {
        error = err;
      }
      if (oracle[field](value)) {
        expect(error).toBeUndefined();
        expect(result).toBe(value);
      } else {
        expect(error).toBeInstanceOf(BatchLookupError);
        const e = error as BatchLookupError;
        expect(e.code).toBe("InvalidArgument");
        expect(e.target).toBe(field);
        expect(e.message.startsWith(`Invalid ${field} `)).toBe(true);
        expect(e.message.includes(RULES[field]) || e.message.endsWith(": must be a string.")).toBe(true);
      }
    }),
    { numRuns: RUNS * 3 },
  );
}

describe("validators (property-based)", () => {
  it("accountName: accepted exactly when the rule says so; otherwise a BatchLookupError naming the field and rule", () => {
    checkValidator("accountName", validateAccountName, validAccount);
  });
  it("resourceGroupName: likewise", () => {
    checkValidator("resourceGroupName", validateResourceGroupName, validRg);
  });
  it("subscriptionId: likewise", () => {
    checkValidator("subscriptionId", validateSubscriptionId, validGuid);
  });

  describe("through the public lookups", () => {
    let emu: RunningEmulator;
    const saved: Record<string, string | undefined> = {};
    beforeAll(async () => {
      // No default subscription from the environment: an absent one is then invalid too.
      for (const name of ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"]) {
        saved[name] = process.env[name];
        delete process.env[name];
      }
      emu = await startPagedEmulator();
    });
    afterAll(async () => {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
      await emu.stop();
    });

    it("invalid arguments of any type reject with InvalidArgument and send nothing", async () => {
      const arg = (good: fc.Arbitrary<string>) => fc.oneof(good, nearby(good), anyValue);
      await fc.assert(
        fc.asyncProperty(
          arg(validAccount),
          arg(validRg),
          arg(validGuid),
          fc.boolean(),
          async (accountName, resourceGroupName, subscriptionId, list) => {
            const valid =
              oracle.accountName(accountName) && oracle.resourceGroupName(resourceGroupName) && oracle.subscriptionId(subscriptionId);
            fc.pre(!valid);
            const args = { accountName, resourceGroupName, subscriptionId } as never;
            // A list ignores accountName, and an absent resourceGroupName is valid for it.
            const rgAbsent = resourceGroupName === undefined || resourceGroupName === null;
            const listInvalid = !oracle.subscriptionId(subscriptionId) || (!rgAbsent && !oracle.resourceGroupName(resourceGroupName));
            const call = list && listInvalid ? listBatchAccounts(args, optionsFor(emu)) : getBatchAccount(args, optionsFor(emu));
            const err = await call.then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(err).toBeInstanceOf(BatchLookupError);
            expect((err as BatchLookupError).code).toBe("InvalidArgument");
            expect(["accountName", "resourceGroupName", "subscriptionId"]).toContain((err as BatchLookupError).target);
          },
        ),
        { numRuns: RUNS },
      );
      expect(emu.stats().total).toBe(0);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The schema, stated independently of provider/parse.ts

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
function expectedModel(body: unknown): Record<string, unknown> {
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

function expectedPage(body: unknown): { value: Record<string, unknown>[]; nextLink?: string } {
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
function agree<T>(parse: () => T, oracleFn: () => unknown): void {
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

const validAccountBody = fc.tuple(arbitraryFor(ACCOUNT_SHAPE), armId).map(([body, id]) => ({ ...(body as object), id }));

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

const mutatedAccountBody = validAccountBody.chain((body) => {
  const all = paths(body);
  return fc
    .tuple(
      fc.integer({ min: 0, max: all.length - 1 }),
      fc.constantFrom("replace" as const, "delete" as const, "null" as const),
      replacement,
    )
    .map(([i, how, replacement]) => mutate(body, all[i]!, how, replacement));
});

describe("parser (property-based)", () => {
  it("random JSON and random values: a BatchLookupError or the exact model, never anything else", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (body) => {
        agree(
          () => parseBatchAccount(body),
          () => expectedModel(body),
        );
        agree(
          () => parseBatchAccountPage(body),
          () => expectedPage(body),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("ARM accounts generated from the schema parse to exactly the model they describe", () => {
    fc.assert(
      fc.property(validAccountBody, (body) => {
        expect(() => expectedModel(body)).not.toThrow();
        agree(
          () => parseBatchAccount(body),
          () => expectedModel(body),
        );
        // Through JSON text too, as the client receives it.
        const fromText = JSON.parse(JSON.stringify(body)) as unknown;
        agree(
          () => parseBatchAccount(fromText),
          () => expectedModel(fromText),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("mutated ARM accounts: rejected exactly when they contradict the schema, else the exact model", () => {
    fc.assert(
      fc.property(mutatedAccountBody, (body) => {
        agree(
          () => parseBatchAccount(body),
          () => expectedModel(body),
        );
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("pages of generated and mutated accounts, with any nextLink", () => {
    const anyNext = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.webUrl(), fc.jsonValue({ maxDepth: 1 }));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(validAccountBody, mutatedAccountBody), { maxLength: 4 }),
        anyNext,
        fc.nat(100),
        (value, nextLink, offset) => {
          const body = nextLink === undefined ? { value } : { value, nextLink };
          agree(
            () => parseBatchAccountPage(body, offset),
            () => expectedPage(body),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('"__proto__" and other Object.prototype names as tag and identity keys are kept as plain data', () => {
    const body = JSON.parse(
      `{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Batch/batchAccounts/a","location":"x",` +
        `"tags":{"__proto__":"evil","constructor":"c","a":"b"},` +
        `"identity":{"type":"UserAssigned","userAssignedIdentities":{"__proto__":{"principalId":"p"},"toString":{"clientId":"c"}}},` +
        `"properties":{"accountEndpoint":"a.x.batch.azure.com","privateEndpointConnections":[{"tags":{"__proto__":"x"}}]}}`,
    ) as unknown;
    const model = parseBatchAccount(body);
    expect(Object.keys(model.tags!)).toEqual(["__proto__", "constructor", "a"]);
    expect(Object.getPrototypeOf(model.tags)).toBe(Object.prototype);
    const users = model.identity!.userAssignedIdentities!;
    expect(Object.getPrototypeOf(users)).toBe(Object.prototype);
    expect(Object.keys(users)).toEqual(["__proto__", "toString"]);
    expect(JSON.parse(JSON.stringify(model.identity))).toEqual(JSON.parse(JSON.stringify((body as any).identity)));
    expect(Object.keys(model.privateEndpointConnections![0]!.tags!)).toEqual(["__proto__"]);
    // The in-flight sharing copies results with structuredClone: the keys survive it.
    expect(Object.keys(structuredClone(model).tags!)).toEqual(["__proto__", "constructor", "a"]);
    expect(({} as Record<string, unknown>).principalId).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Error mapping and the whole pipeline

const statusArb = fc.constantFrom(200, 200, 200, 201, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 418);
const headerValue = fc.oneof(fc.constant(undefined), fc.string(), fc.array(fc.string(), { maxLength: 2 }));
const retryAfter = fc.oneof(
  fc.constant(undefined),
  fc.nat(100).map(String),
  fc.string(),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom("-1", "1.5", "Sun, 06 Nov 1994 08:49:37 GMT", "0"),
);

describe("error mapping (property-based)", () => {
  it("any status, headers and body map to a BatchLookupError that names the lookup and the status", () => {
    const armBody = fc.record(
      {
        error: fc.record(
          {
            code: fc.oneof(fc.string(), fc.jsonValue()),
            message: fc.oneof(fc.string(), fc.jsonValue()),
            target: fc.jsonValue(),
            details: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const bodyText = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      armBody.map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        bodyText,
        fc.dictionary(fc.string(), headerValue, { maxKeys: 4 }),
        headerValue,
        headerValue,
        (status, body, headers, requestId, contentType) => {
          const res = fakeResponse(status, body, { ...headers, "x-ms-request-id": requestId, "content-type": contentType });
          expect(() => parseArmError(body)).not.toThrow();
          const target = { subscriptionId: SUB, resourceGroupName: RG, accountName: ACCOUNT };
          const err = errorFromResponse(res, describeTarget(target), 2, armAdvice(target));
          expect(err).toBeInstanceOf(BatchLookupError);
          expect(typeof err.code).toBe("string");
          expect(err.statusCode).toBe(status);
          expect(err.message).toContain(`Batch account "${ACCOUNT}"`);
          expect(err.message).toContain("after 2 attempts");
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("whole pipeline over HTTP (property-based)", () => {
  let server: http.Server;
  let endpoint: string;
  let next: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: "" };

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(next.status, next.headers);
      res.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeClients();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("random responses end in the exact model or a BatchLookupError, for Get and List", async () => {
    const body = fc.oneof(
      validAccountBody.map((b) => JSON.stringify(b)),
      mutatedAccountBody.map((b) => JSON.stringify(b) ?? ""),
      fc.tuple(validAccountBody, fc.nat()).map(([b, n]) => JSON.stringify(b).slice(0, n % 200)),
      fc.array(validAccountBody, { maxLength: 3 }).map((value) => JSON.stringify({ value })),
      fc.string(),
      fc.constantFrom("", "null", "[]", "{}", "<html><body>502 Bad Gateway</body></html>", '{"error":{"code":"X","message":"m"}}'),
    );
    const opts = {
      endpoint,
      credential: new StaticTokenCredential("t0ken"),
      // A second attempt at most, and too little time to wait for any Retry-After of a second or more.
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, totalTimeoutMs: 400 },
      timeouts: { headersMs: 1000, bodyMs: 1000, attemptMs: 1000, connectMs: 1000 },
    };
    await fc.assert(
      fc.asyncProperty(
        statusArb,
        body,
        retryAfter,
        fc.constantFrom("application/json", "text/html", "application/json; charset=utf-8", ""),
        fc.boolean(),
        async (status, text, ra, type, list) => {
          next = {
            status,
            body: text,
            headers: { ...(type === "" ? {} : { "content-type": type }), ...(ra === undefined ? {} : { "retry-after": ra }) },
          };
          const call = list
            ? listBatchAccounts({ subscriptionId: SUB }, opts)
            : getBatchAccount({ accountName: ACCOUNT, resourceGroupName: RG, subscriptionId: SUB }, opts);
          const outcome = await call.then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          if ("error" in outcome) {
            expect(outcome.error, String(outcome.error)).toBeInstanceOf(BatchLookupError);
            return;
          }
          expect(status).toBe(200);
          const parsed = JSON.parse(text) as unknown;
          if (list) {
            // One page (no nextLink: a nextLink here would point back to the same URL and repeat).
            const page = expectedPage(parsed);
            expect(outcome.value).toEqual({ value: page.value });
          } else {
            expect(outcome.value).toEqual(expectedModel(parsed));
          }
        },
      ),
      { numRuns: Math.max(50, Math.round(RUNS / 2)) },
    );
  });
});
