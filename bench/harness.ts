// The bench driver's tools: run a contender in a fresh Node.js process (wall time from spawn to
// exit, plus what the child reports), collect repeated runs with tinybench (warm-up, then timed
// iterations), and summarise them as medians.

import { spawn } from "node:child_process";
import * as path from "node:path";

/** What every contender prints as its last stdout line (see contenders/report.ts). */
export interface ChildReport {
  /** Peak resident set size of the child, bytes (`process.resourceUsage().maxRSS`). */
  maxRssBytes: number;
  /** Time inside the child from the start of the measured work to its end, ms. */
  workMs?: number;
  /** Items received (accounts), to check every contender did the same work. */
  items?: number;
  /** Anything else the contender wants recorded. */
  [key: string]: unknown;
}

export interface ChildRun {
  /** Whole-process wall time, spawn to exit, ms. */
  wallMs: number;
  report: ChildReport;
}

/** The compiled contender scripts live next to this file in dist/bench/contenders. */
export function contenderPath(name: string): string {
  return path.join(__dirname, "contenders", `${name}.js`);
}

/**
 * Runs `node <script>` in a fresh process with `env` (on top of a minimal environment) and
 * resolves with the wall time and the child's report. A child that fails rejects with its stderr.
 */
export function runChild(script: string, env: Record<string, string>, args: string[] = []): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${path.basename(script)} exited with ${code}:\n${err}${out}`));
      const last = out.trim().split("\n").pop() ?? "";
      try {
        resolve({ wallMs, report: JSON.parse(last) as ChildReport });
      } catch {
        reject(new Error(`${path.basename(script)} printed no report:\n${out}\n${err}`));
      }
    });
  });
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One contender: a name and one measured iteration. */
export interface Contender<R> {
  name: string;
  run: () => Promise<R>;
}

export interface Samples<R> {
  name: string;
  /** tinybench's latency median of the iterations (the task function's duration), ms. */
  medianMs: number;
  /** Every measured iteration's result (warm-up excluded), in order. */
  results: R[];
}

/**
 * Measures contenders with tinybench: `warmup` iterations each (discarded), then `iterations`
 * each. Rounds interleave the contenders (A B C, A B C, ...) so that a slow phase of a shared
 * machine hits every contender alike; each round is one tinybench run of one iteration per task,
 * and the medians are taken over every round's samples.
 */
export async function measure<R>(
  contenders: Contender<R>[],
  options: { iterations: number; warmup: number; onRound?: (round: number) => void },
): Promise<Samples<R>[]> {
  const { Bench } = require("tinybench") as typeof import("tinybench");
  const collected = contenders.map((c) => ({ name: c.name, latencies: [] as number[], results: [] as R[] }));
  for (let round = 0; round < options.warmup + options.iterations; round++) {
    const warm = round < options.warmup;
    const bench = new Bench({ iterations: 1, time: 0, warmup: false, throws: true, retainSamples: true });
    const current = new Map<string, R>();
    for (const c of contenders) {
      bench.add(c.name, async () => {
        current.set(c.name, await c.run());
      });
    }
    await bench.run();
    if (!warm) {
      for (const [i, task] of bench.tasks.entries()) {
        const result = task.result;
        if (!("latency" in result)) throw new Error(`${task.name}: ${result.state}`);
        collected[i]!.latencies.push(...(result.latency.samples ?? [result.latency.p50]));
        collected[i]!.results.push(current.get(task.name)!);
      }
    }
    options.onRound?.(round);
  }
  return collected.map((c) => ({ name: c.name, medianMs: median(c.latencies), results: c.results }));
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export function fmtMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

export function fmtRatio(r: number): string {
  return `${r.toFixed(2)}×`;
}
