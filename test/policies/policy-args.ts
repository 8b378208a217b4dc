// Builds CrossGuard policy arguments the way the @pulumi/policy server does (awsguard's test util,
// plus unknown values): props are wrapped in the SDK's unknown-checking proxy, and running a policy
// maps the SDK's UnknownValueError / notApplicable to what the engine would show.

import * as policy from "@pulumi/policy";

/** The sentinel the engine sends for a value that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const sdk = policy as unknown as {
  unknownCheckingProxy: <T>(value: T) => T;
  UnknownValueError: new (...args: unknown[]) => Error;
};

class NotApplicable extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason ?? "not applicable");
  }
}

const emptyOptions: policy.PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

export interface ArgsOptions {
  name?: string;
  /** What `args.getConfig()` returns (the engine fills schema defaults; these tests pass only what they set). */
  config?: Record<string, unknown>;
}

/** ResourceValidationArgs for a resource of `type` with these inputs. */
export function resourceArgs(type: string, props: Record<string, unknown>, opts: ArgsOptions = {}): policy.ResourceValidationArgs {
  const proxied = sdk.unknownCheckingProxy(structuredClone(props));
  return {
    type,
    props: proxied,
    urn: `urn:pulumi:test::project::${type}::${opts.name ?? "res"}`,
    name: opts.name ?? "res",
    opts: emptyOptions,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => (opts.config ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

export interface ValidationRun {
  violations: string[];
  /** Advisory "can't run during preview" diagnostics (the SDK's UnknownValueError). */
  notYetCheckable: string[];
  notApplicable?: string;
}

export async function validate(p: policy.ResourceValidationPolicy, args: policy.ResourceValidationArgs): Promise<ValidationRun> {
  const run: ValidationRun = { violations: [], notYetCheckable: [] };
  const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
  for (const validation of validations) {
    try {
      await validation(args, (message) => run.violations.push(message));
    } catch (e) {
      if (e instanceof sdk.UnknownValueError) run.notYetCheckable.push(e.message);
      else if (e instanceof NotApplicable) run.notApplicable = e.reason ?? "";
      else throw e;
    }
  }
  return run;
}

export interface RemediationRun {
  /** The remediated inputs, as plain data, or undefined when the policy changed nothing. */
  props?: Record<string, unknown>;
  notApplicable?: string;
}

export async function remediate(p: policy.ResourceValidationPolicy, args: policy.ResourceValidationArgs): Promise<RemediationRun> {
  try {
    const result = await p.remediateResource!(args);
    if (result === undefined || result === null) return {};
    const target = (result as Record<string, unknown>).__getSpecialProxyTarget ?? result;
    return { props: structuredClone(target) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof NotApplicable) return { notApplicable: e.reason ?? "" };
    throw e;
  }
}
