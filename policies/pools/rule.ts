// What a pool rule is: a function of the BatchPool model with the shared policy metadata.

import type { PolicyDefinition } from "../policy-definition";
import type { Finding, NotApplicable } from "../rule";
import type { BatchPool } from "./model";

export interface PoolRule<C extends object = object> extends PolicyDefinition<C> {
  check(pool: BatchPool, config: C): readonly Finding[] | NotApplicable;
}

export function definePoolRule<C extends object>(rule: PoolRule<C>): PoolRule<C> {
  return rule;
}
