// The BatchLookupError a call fails with: each fails the test when the call succeeds or fails with
// anything other than a BatchLookupError.

import { expect } from "vitest";
import { BatchLookupError } from "../../provider/errors";

/** The BatchLookupError a synchronous call throws. */
export function thrownBy(fn: () => unknown): BatchLookupError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BatchLookupError);
    return err as BatchLookupError;
  }
  throw new Error("expected a BatchLookupError to be thrown");
}

/** The BatchLookupError a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<BatchLookupError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(BatchLookupError);
    return err as BatchLookupError;
  }
  throw new Error("expected a rejection");
}
