// The JSON file a flag names (--config, --exemptions): read and parsed, or a usage error that names
// the flag, the file and what is wrong with it.

import * as fs from "node:fs";
import { UsageError } from "./args";

export function readJsonFile(flag: string, file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: not valid JSON (${(e as Error).message}).`);
  }
}
