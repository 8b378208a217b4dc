// Progress on stderr for long runs: what is being listed, how many accounts came back, how many
// are judged. Shown when stderr is a terminal, or with --progress (never with --no-progress);
// stdout carries only the report.

export interface Progress {
  listing(what: string): void;
  listed(count: number, elapsedMs: number): void;
  judged(done: number, total: number): void;
  /** Accounts whose pools, diagnostic settings and DNS zone groups are read. */
  read(done: number, total: number): void;
}

const SILENT: Progress = { listing() {}, listed() {}, judged() {}, read() {} };

export function createProgress(enabled: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  if (!(enabled ?? tty)) return SILENT;
  const write = (line: string) => stream.write(`azure-batch-policies audit: ${line}\n`);
  // Judging is quick per account: report every 10% (and the last), so a large tenant prints a handful of lines.
  let lastReported = -1;
  let lastRead = -1;
  return {
    listing: (what) => write(`listing Batch accounts in ${what}...`),
    listed: (count, ms) => write(`listed ${count} account${count === 1 ? "" : "s"} in ${(ms / 1000).toFixed(1)} s`),
    judged(done, total) {
      const step = Math.max(1, Math.ceil(total / 10));
      if (done !== total && done - lastReported < step) return;
      lastReported = done;
      write(`judged ${done}/${total} accounts`);
    },
    read(done, total) {
      const step = Math.max(1, Math.ceil(total / 10));
      if (done !== total && done - lastRead < step) return;
      lastRead = done;
      write(`read the pools, diagnostic settings and DNS zone groups of ${done}/${total} accounts`);
    },
  };
}
