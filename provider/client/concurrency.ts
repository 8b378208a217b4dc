// Bounds in-flight requests and lets identical concurrent lookups share one request.

/** A counting semaphore: at most `limit` holders at once, the others wait in order. */
export class Limiter {
  readonly limit: number;
  #active = 0;
  #peak = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** The most holders seen at once. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Runs `task` when a slot is free. If `signal` aborts while the task is still waiting for a
   * slot, it leaves the queue and `run` rejects with the signal's reason (the task never runs).
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#active >= this.limit) await this.#wait(signal);
    else this.#active++;
    this.#peak = Math.max(this.#peak, this.#active);
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next !== undefined) next();
      else this.#active--;
    }
  }

  /** Waits for a slot handed over by a finishing holder (the count of active holders is unchanged). */
  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason);
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(granted);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal!.reason);
      };
      const granted = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#waiting.push(granted);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

/** Joins callers asking for the same key while its first request is still pending. */
export class InflightRequests<T> {
  readonly #pending = new Map<string, Promise<T>>();

  /** `copy` gives each caller that joins its own copy of the result, so no caller sees another's mutations. */
  run(key: string, task: () => Promise<T>, copy: (value: T) => T = (v) => v): Promise<T> {
    const existing = this.#pending.get(key);
    if (existing !== undefined) return existing.then(copy);
    const promise = task().finally(() => this.#pending.delete(key));
    this.#pending.set(key, promise);
    return promise;
  }

  get size(): number {
    return this.#pending.size;
  }
}
