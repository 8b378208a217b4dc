// What a stack rule is: a function of the Batch estate the whole stack shows.

import type { PolicyDefinition } from "../policy-definition";
import type { BatchEstate } from "./estate";

/** One violation, on the resource it concerns. */
export interface StackFinding {
  urn: string;
  message: string;
}

export interface StackRule<C extends object = object> extends PolicyDefinition<C> {
  checkStack(estate: BatchEstate, config: C): StackFinding[];
}

export function defineStackRule<C extends object>(rule: StackRule<C>): StackRule<C> {
  return rule;
}
