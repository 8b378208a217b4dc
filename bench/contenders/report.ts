// The child side of the protocol: print one JSON line with the process's peak RSS and the
// contender's own figures, then exit at once (no contender waits for idle keep-alive sockets).

export function report(fields: Record<string, unknown>): never {
  const usage = process.resourceUsage();
  const maxRssBytes = usage.maxRSS * 1024;
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ ...fields, maxRssBytes, cpuMs, uptimeMs: process.uptime() * 1000 })}\n`);
  process.exit(0);
}

/** Prints the error and exits non-zero, so the driver reports the failing contender. */
export function fail(err: unknown): never {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

/** A required environment variable (the driver sets them). */
export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") fail(new Error(`${name} is not set: run the contenders through bench/run`));
  return value;
}
