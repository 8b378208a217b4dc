// Plain-text layout for a terminal: wrapping a cell to a width, cutting one short, and colour
// (ANSI, through node:util styleText) only when the caller decided the output takes it.

import { styleText } from "node:util";

type Style = Parameters<typeof styleText>[0];

/** Colours text when `enabled`; the caller decides (a terminal, and no NO_COLOR). */
export function painter(enabled: boolean): (style: Style, text: string) => string {
  // validateStream: false: the decision is ours (the report may go to a stream that is not stdout).
  return enabled ? (style, text) => (text === "" ? text : styleText(style, text, { validateStream: false })) : (_style, text) => text;
}

/** Words of `text` in lines of at most `width` characters; a word longer than a line is cut across lines. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(/\s+/).filter((x) => x !== "")) {
    if (line !== "" && line.length + 1 + word.length <= w) {
      line = `${line} ${word}`;
      continue;
    }
    if (line !== "") lines.push(line);
    while (word.length > w) {
      lines.push(word.slice(0, w));
      word = word.slice(w);
    }
    line = word;
  }
  lines.push(line);
  return lines;
}

/** `text` cut to `width` characters, the cut marked with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, Math.max(0, width)) : `${text.slice(0, width - 1)}…`;
}

/** Whether a stream takes colour: a terminal, without NO_COLOR (any value but ""), and not a dumb one. */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (stream.isTTY !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}

/** The width to fit on a terminal: COLUMNS when it is a whole number, else the terminal's, else 80. */
export function terminalColumns(stream: { columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
}
