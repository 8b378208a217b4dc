// Lifts a Promise lookup into a Pulumi Output with the rules of `pulumi.Output`: unknown during
// preview while an argument (or a `dependsOn` resource) is unknown, secret when an argument is
// secret, carrying the arguments' dependencies and `dependsOn`.

import type * as pulumi from "@pulumi/pulumi";
import type { LookupOptions, LookupOutputOptions } from "./lookup-options";

// Loaded on the first Output lookup (the Promise forms never need the SDK), then kept: `require`
// resolves the path again on every call.
let sdk: typeof pulumi | undefined;

export function lookupOutput<Args, Result>(
  args: pulumi.Input<Args> | undefined,
  opts: LookupOutputOptions | undefined,
  lookup: (args: Args, opts: LookupOptions) => Promise<Result>,
): pulumi.Output<Result> {
  sdk ??= require("@pulumi/pulumi") as typeof pulumi;
  const p = sdk;
  const { dependsOn, ...lookupOptions } = opts ?? {};
  const input = p.output(args ?? ({} as Args));
  // Without dependsOn there is nothing to wait for: one apply on the arguments (a program may
  // create thousands of lookups, and `all` with a constant gate costs three more Outputs each).
  if (dependsOn === undefined) return input.apply((resolved) => lookup(resolved as Args, lookupOptions)) as pulumi.Output<Result>;
  return p.all([input, settled(p, dependsOn)]).apply(([resolved]) => lookup(resolved as Args, lookupOptions)) as pulumi.Output<Result>;
}

/** An output that resolves once every resource of `dependsOn` exists (its id, or urn for a component). */
function settled(p: typeof pulumi, dependsOn: NonNullable<LookupOutputOptions["dependsOn"]>): pulumi.Output<unknown> {
  return p.output(dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[]>).apply((resolved) => {
    const list = (Array.isArray(resolved) ? resolved : [resolved]) as pulumi.Resource[];
    return p.all(list.map((r) => (p.CustomResource.isInstance(r) ? r.id : r.urn)));
  });
}
