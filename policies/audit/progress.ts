// Progress on stderr for long runs: what is being listed, how many accounts are read and judged,
// and the waits on the way (retries after a failed attempt, throttling, Resource Graph's quota),
// which the library publishes on its WAIT_EVENTS_CHANNEL. On a terminal, one line rewritten in
// place (cleared when the audit ends); in a CI log (the CI variable set, as GitHub Actions, GitLab,
// Azure Pipelines and most runners set it; or with --progress), a line at most every CI_INTERVAL_MS
// and one at the end. stdout carries only the report.

import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { WAIT_EVENTS_CHANNEL, type WaitEvent } from "azure-batch-lookup";
import { truncate } from "./text-layout";

export interface Progress {
  listing(what: string): void;
  listed(count: number, elapsedMs: number): void;
  judged(done: number, total: number): void;
  /** Accounts whose pools, diagnostic settings and DNS zone groups are read. */
  read(done: number, total: number): void;
  /** A wait of the library (a retry, throttling, the quota). */
  wait(event: WaitEvent): void;
  /** Before the report is written to the same terminal: the line is cleared (and drawn again on the next tick). */
  clear(): void;
  /** The audit ended: the terminal line is cleared, a log gets its last line. */
  done(): void;
}

/** In a log, at most one progress line this often. */
export const CI_INTERVAL_MS = 5000;
/** On a terminal, the line is redrawn this often (the clock, a wait counting down). */
const TICK_MS = 1000;

const SILENT: Progress = { listing() {}, listed() {}, judged() {}, read() {}, wait() {}, clear() {}, done() {} };

const PREFIX = "azure-batch-policies audit: ";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export interface ProgressOptions {
  /** --progress / --no-progress; undefined: on a terminal, and in CI. */
  enabled?: boolean;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
}

/** A CI runner's environment: `CI` set to anything but "false" or "0". */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

export function createProgress(options: ProgressOptions, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  if (!(options.enabled ?? (tty || isCI(options.env ?? process.env)))) return SILENT;
  const now = options.now ?? Date.now;
  const started = now();
  let stage = "starting";
  let retries = 0;
  let throttled = 0;
  let waiting: { event: WaitEvent; until: number } | undefined;

  const status = () => {
    const t = now();
    const parts = [`${stage} (${seconds(t - started)})`];
    if (retries > 0) parts.push(`${retries} retr${retries === 1 ? "y" : "ies"}${throttled > 0 ? `, ${throttled} throttled` : ""}`);
    if (waiting !== undefined && waiting.until > t) {
      const e = waiting.event;
      const what =
        e.kind === "quota"
          ? `waiting for ${e.reason}`
          : `${e.reason}${e.host === undefined ? "" : ` from ${e.host}`}: attempt ${e.attempt} in`;
      parts.push(`${what} ${seconds(waiting.until - t)}`);
    }
    return parts.join("; ");
  };

  let timer: NodeJS.Timeout | undefined;
  let lastLine = Number.NEGATIVE_INFINITY;
  let pending = false;
  const draw = tty
    ? () => {
        const width = Math.max(20, (stream.columns ?? 80) - 1);
        stream.write(`\r\x1b[2K${truncate(`${PREFIX}${status()}`, width)}`);
      }
    : () => {
        lastLine = now();
        pending = false;
        stream.write(`${PREFIX}${status()}\n`);
      };
  const update = tty
    ? draw
    : () => {
        if (now() - lastLine >= CI_INTERVAL_MS) draw();
        else pending = true;
      };
  if (tty) {
    timer = setInterval(draw, TICK_MS);
    timer.unref();
  }
  const onWait = (message: unknown) => progress.wait(message as WaitEvent);
  subscribe(WAIT_EVENTS_CHANNEL, onWait);

  const progress: Progress = {
    listing(what) {
      stage = `listing Batch accounts in ${what}`;
      update();
    },
    listed(count) {
      stage = `listed ${count} account${count === 1 ? "" : "s"}`;
      update();
    },
    judged(done, total) {
      stage = `judged ${done}/${total} accounts`;
      update();
    },
    read(done, total) {
      stage = `read the pools, diagnostic settings and DNS zone groups of ${done}/${total} accounts`;
      update();
    },
    wait(event) {
      if (event.kind === "retry") retries++;
      if (event.throttled) throttled++;
      waiting = { event, until: now() + event.delayMs };
      update();
    },
    clear() {
      if (tty) stream.write("\r\x1b[2K");
    },
    done() {
      unsubscribe(WAIT_EVENTS_CHANNEL, onWait);
      if (timer !== undefined) clearInterval(timer);
      if (tty) stream.write("\r\x1b[2K");
      else if (pending || lastLine === Number.NEGATIVE_INFINITY) draw();
    },
  };
  return progress;
}
