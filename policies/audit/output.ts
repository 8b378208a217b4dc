// Where a report goes, a piece at a time: stdout (waiting when the reader is slower than the
// audit), or a file (--output, --output-json, --output-sarif), which is written beside it under a
// temporary name and put in place only when the report is complete, so a failed audit never
// leaves half a report there.

import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./args";

export interface ReportOutput {
  write(text: string): Promise<void>;
  /** The report is complete. */
  finish(): void;
  /** The audit failed before the report was complete (again: nothing more); says whether part of it was already printed. */
  abandon(): { partlyPrinted: boolean };
}

/** Writes to a stream; a reader that goes away (`| head`) drops the rest quietly. */
export function streamOutput(stream: NodeJS.WritableStream): ReportOutput {
  let printed = false;
  const gone = () => (stream as { destroyed?: boolean }).destroyed === true;
  return {
    async write(text) {
      if (text === "" || gone()) return;
      printed = true;
      if (stream.write(text)) return;
      await new Promise<void>((resolve) => {
        const go = () => {
          stream.off("drain", go);
          stream.off("close", go);
          stream.off("error", go);
          resolve();
        };
        stream.on("drain", go);
        stream.on("close", go);
        stream.on("error", go);
      });
    },
    finish() {},
    abandon: () => ({ partlyPrinted: printed }),
  };
}

function cannotWrite(flag: string, file: string, e: unknown): UsageError {
  return new UsageError(`${flag} ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
}

/** Opens the file's temporary sibling now, so that a path that cannot be written fails before any request; `flag` names it in errors. */
export function fileOutput(file: string, flag = "--output"): ReportOutput {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  let fd: number;
  try {
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error("a directory"), { code: "EISDIR" });
    fd = fs.openSync(partial, "w");
  } catch (e) {
    throw cannotWrite(flag, file, e);
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    fs.closeSync(fd);
  };
  return {
    async write(text) {
      try {
        fs.writeFileSync(fd, text);
      } catch (e) {
        throw cannotWrite(flag, file, e);
      }
    },
    finish() {
      try {
        close();
        fs.renameSync(partial, file);
      } catch (e) {
        fs.rmSync(partial, { force: true });
        throw cannotWrite(flag, file, e);
      }
    },
    abandon() {
      close();
      fs.rmSync(partial, { force: true });
      return { partlyPrinted: false };
    },
  };
}
