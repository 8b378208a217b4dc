/**
 * Property-based tests (fast-check) of the response parser: for random JSON, for ARM accounts
 * generated from the schema and for such accounts mutated at a random place, parsing either throws
 * a BatchLookupError (InvalidResponse, naming the field) or returns exactly the model the body
 * describes, as computed by an independent projection of the schema (account-oracle.ts). A body is
 * rejected exactly when it contradicts the schema.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBatchAccount, parseBatchAccountPage } from "../../provider/model/parse-batch-account";
import { agree, expectedModel, expectedPage, mutatedAccountBody, validAccountBody } from "./account-oracle";
import { PROPERTY_RUNS as RUNS } from "./helpers";

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
