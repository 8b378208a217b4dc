// `--config KEY=VALUE` and `--secret KEY=VALUE`, the stack configuration flags of the command
// lines that run stacks (scripts/run-stack.ts, scripts/demo.ts).

import type { ConfigInput } from "./types";

/** A `--config KEY=VALUE` (or `--secret KEY=VALUE`, a secret value) as a stack configuration setting. */
export function configSetting(flag: string, text: string, fail: (message: string) => Error): [string, ConfigInput] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw fail(`--${flag} takes KEY=VALUE, got ${text}`);
  const value = text.slice(eq + 1);
  return [text.slice(0, eq), flag === "secret" ? { value, secret: true } : value];
}
