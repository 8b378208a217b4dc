// What a stack run is asked to do, and what it reports.

export type StackOperation = "preview" | "up" | "refresh" | "destroy" | "outputs" | "export";
export const STACK_OPERATIONS: readonly StackOperation[] = ["preview", "up", "refresh", "destroy", "outputs", "export"];

/** A configuration value; secrets are encrypted in the stack's settings file. */
export type ConfigInput = string | { value: string; secret?: boolean };

export interface RunStackOptions {
  /** Directory holding Pulumi.yaml and the program (index.ts, or Pulumi.yaml's `main`). */
  dir: string;
  operation: StackOperation;
  /** Stack name; default "dev". */
  stackName?: string;
  /** The program file, instead of Pulumi.yaml's `main` or `index.ts` (for example a variant of the program). */
  program?: string;
  /** Stack configuration, `namespace:key` or `key` (then in the project's namespace). */
  config?: Record<string, ConfigInput>;
  /** Configuration keys to remove before the run. */
  removeConfig?: string[];
  /** Policy pack directories (preview and up). */
  policyPacks?: string[];
  /** Policy pack configuration JSON files, one per pack, or objects written to such files. */
  policyPackConfigs?: Array<string | Record<string, unknown>>;
  /** Environment for the program, the CLI, providers and policy packs, on top of the isolated one. */
  env?: Record<string, string | undefined>;
  /** Keep PULUMI_*, ARM_* and AZURE_* variables of this process. Default true (set false in tests). */
  inheritEnv?: boolean;
  /** Where the backend, PULUMI_HOME and workspaces live. Default `<repo>/.pulumi-state`. */
  stateDir?: string;
  /** Refresh before preview/up. */
  refresh?: boolean;
  /** Streams the engine's display output (the text `pulumi preview` prints). */
  onOutput?: (text: string) => void;
  /** Kills the run after this long. Default 5 minutes. */
  timeoutMs?: number;
}

export interface StepSummary {
  op: string;
  urn: string;
  type: string;
  diffs?: string[];
  detailedDiff?: Record<string, { diffKind: string; inputDiff: boolean }>;
  /** For updates and replacements: top-level properties whose new inputs differ from the old state. */
  changedKeys?: string[];
}

export interface PolicyResult {
  policyPackName: string;
  policyName: string;
  enforcementLevel: string;
  message: string;
  resourceUrn?: string;
}

export interface RunStackResult {
  operation: StackOperation;
  ok: boolean;
  /** The CLI's error (stderr and message) when `ok` is false. */
  error?: string;
  /** Everything the engine printed. */
  stdout: string;
  stderr: string;
  /** The stack's outputs: from the preview's or update's stack outputs event, or from the state. */
  outputs: Record<string, unknown>;
  /** Output names the engine reported as secret. */
  secretOutputs: string[];
  steps: StepSummary[];
  policies: PolicyResult[];
  diagnostics: Array<{ severity: string; message: string; urn?: string }>;
  changeSummary?: Record<string, number>;
  /** For `export`: the deployment (`pulumi stack export`). */
  deployment?: unknown;
  /** Wall-clock duration of the run, milliseconds. */
  durationMs: number;
}
