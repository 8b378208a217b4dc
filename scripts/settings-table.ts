// The README's table of settings, made from their declaration (provider/settings/settings.ts).
// The table may sit in any section of the README: it is found by its header row.
//
//   node dist/scripts/settings-table.js            prints the table
//   node dist/scripts/settings-table.js --write    replaces the table in README.md

import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SETTING_NAMES, settingDeclaration } from "../provider/settings/settings";

const REPO_ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, "..", "package.json")) ? ".." : "../..");
export const README_PATH = path.join(REPO_ROOT, "README.md");

export const SETTINGS_TABLE_HEADER =
  "| `azure-batch-lookup:` key | `azure-native:` key | option / argument | environment (in this order) | default | what it is |";

const code = (text: string): string => `\`${text}\``;

/** The table, header to last row, with a final line break. */
export function settingsTable(): string {
  const rows = SETTING_NAMES.map((name) => {
    const s = settingDeclaration(name);
    const cells = [
      code(name),
      s.azureNativeKey === undefined ? "" : code(s.azureNativeKey),
      s.option ?? "",
      s.env.map(code).join(", "),
      s.default,
      s.secret ? `${s.description} Set it as a secret.` : s.description,
    ];
    return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  });
  return [SETTINGS_TABLE_HEADER, "| --- | --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}

/** The table as `readme` holds it (from its header row to its last row), or undefined. */
export function tableIn(readme: string): string | undefined {
  const lines = readme.split("\n");
  const start = lines.indexOf(SETTINGS_TABLE_HEADER);
  if (start < 0) return undefined;
  let end = start;
  while (end < lines.length && lines[end]!.startsWith("|")) end++;
  return `${lines.slice(start, end).join("\n")}\n`;
}

function main(): void {
  const { values } = parseArgs({ options: { write: { type: "boolean", default: false } } });
  const table = settingsTable();
  if (!values.write) {
    process.stdout.write(table);
    return;
  }
  const readme = fs.readFileSync(README_PATH, "utf8");
  const current = tableIn(readme);
  if (current === undefined) {
    console.error(`README.md has no settings table (a line equal to ${SETTINGS_TABLE_HEADER}): paste the printed table where it belongs.`);
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(README_PATH, readme.replace(current, table));
  console.log("wrote the settings table of README.md");
}

if (require.main === module) main();
