// Lifts a Promise lookup into a Pulumi Output with the rules of `pulumi.Output`: unknown during
// preview while an argument (or a `dependsOn` resource) is unknown, secret when an argument is
// secret, carrying the arguments' dependencies and `dependsOn`.

import type * as pulumi from "@pulumi/pulumi";
import type { LookupOptions, LookupOutputOptions } from "./lookup-options";

// Loaded on the first Output lookup (the Promise forms never need the SDK), then kept: `require`
// resolves the path again on every call.
let sdk: typeof pulumi | undefined;
/**
 * A known, public Output without resources, that lookups with plain arguments apply on: one for
 * all of them rather than one each (an Output is a dozen promises and closures, and a program
 * that creates thousands of lookups keeps them all alive at once). `apply` never changes it.
 */
let known: pulumi.Output<undefined> | undefined;

export function lookupOutput<Args, Result>(
  args: pulumi.Input<Args> | undefined,
  opts: LookupOutputOptions | undefined,
  lookup: (args: Args, opts: LookupOptions) => Promise<Result>,
): pulumi.Output<Result> {
  sdk ??= require("@pulumi/pulumi") as typeof pulumi;
  const p = sdk;
  const { dependsOn, ...lookupOptions } = opts ?? {};
  // Arguments that are plain values (the usual case) need no unwrapping: `output` walks an object
  // for Outputs and Promises, allocating an Error for its stack on the way (a program may create
  // thousands of lookups). They are copied now, as `output` would.
  const plain = plainArgs<Args>(args);
  known ??= p.output(undefined);
  const input: pulumi.Output<unknown> = plain === undefined ? p.output(args ?? ({} as Args)) : known;
  // Without dependsOn there is nothing to wait for: one apply on the arguments (a program may
  // create thousands of lookups, and `all` with a constant gate costs three more Outputs each).
  if (dependsOn === undefined)
    return input.apply((resolved) => lookup((plain ?? resolved) as Args, lookupOptions)) as pulumi.Output<Result>;
  return p
    .all([input, settled(p, dependsOn)])
    .apply(([resolved]) => lookup((plain ?? resolved) as Args, lookupOptions)) as pulumi.Output<Result>;
}

/** A copy of `args` when it is an object whose values are all strings, numbers, booleans, null or undefined. */
function plainArgs<Args>(args: unknown): Args | undefined {
  if (typeof args !== "object" || args === null || Array.isArray(args) || Object.getPrototypeOf(args) !== Object.prototype)
    return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(args)) {
    const value = (args as Record<string, unknown>)[key];
    if (
      typeof value === "object" ? value !== null : typeof value === "function" || typeof value === "symbol" || typeof value === "bigint"
    ) {
      return undefined;
    }
    copy[key] = value;
  }
  return copy as Args;
}

/** An output that resolves once every resource of `dependsOn` exists (its id, or urn for a component). */
function settled(p: typeof pulumi, dependsOn: NonNullable<LookupOutputOptions["dependsOn"]>): pulumi.Output<unknown> {
  return p.output(dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[]>).apply((resolved) => {
    const list = (Array.isArray(resolved) ? resolved : [resolved]) as pulumi.Resource[];
    return p.all(list.map((r) => (p.CustomResource.isInstance(r) ? r.id : r.urn)));
  });
}
