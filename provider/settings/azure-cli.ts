// The Azure CLI's default subscription (`az account show`), which azure-native takes when no
// subscription is configured and it signs in through the CLI. Asked once per process; a CLI
// that is missing, not logged in or slow gives no subscription.

import { isGuid } from "../model/names";
import { lookupLogger } from "../pipeline/azure-core";

export interface CliSubscription {
  id: string;
  name: string;
}

/** How long `az account show` may take (it reads local files; a first run may be slower). */
const AZ_TIMEOUT_MS = 20_000;

let asked: { subscription: CliSubscription | undefined } | undefined;

/** The CLI's default subscription, or undefined; logs at `info` when there is one. */
export function azureCliSubscription(): CliSubscription | undefined {
  if (asked !== undefined) return asked.subscription;
  let subscription: CliSubscription | undefined;
  try {
    // node:child_process loads with the first question to the Azure CLI, not with every lookup's
    // module: most processes never ask it.
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const out = execFileSync("az", ["account", "show", "--output", "json"], {
      encoding: "utf8",
      timeout: AZ_TIMEOUT_MS,
      stdio: ["ignore", "pipe", "ignore"],
      // az is az.cmd on Windows, which only a shell runs.
      shell: process.platform === "win32",
      windowsHide: true,
    });
    const account = JSON.parse(out) as { id?: unknown; name?: unknown };
    if (typeof account.id === "string" && isGuid(account.id)) {
      subscription = { id: account.id, name: typeof account.name === "string" ? account.name : "" };
    }
  } catch {
    subscription = undefined;
  }
  asked = { subscription };
  if (subscription !== undefined) {
    lookupLogger().info(
      `No subscription is configured: using the Azure CLI's default subscription ${subscription.id} (${subscription.name}), from \`az account show\`.`,
    );
  }
  return subscription;
}

/** Forgets the answer, so the next lookup asks the CLI again (tests). */
export function forgetAzureCliSubscription(): void {
  asked = undefined;
}
