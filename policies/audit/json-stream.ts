// An object whose one large array is written an item at a time, byte for byte as
// `JSON.stringify(value, null, 2)` would print the whole object, so a report of any size is
// written without holding it (or its text) in memory.

function pad(depth: number): string {
  return "  ".repeat(depth);
}

/** `value` as JSON.stringify(value, null, 2) prints it `depth` levels deep. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad(depth)}`);
}

function members(fields: Record<string, unknown>, depth: number): string[] {
  // As JSON.stringify does, a member whose value is undefined is left out.
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${pad(depth)}${JSON.stringify(k)}: ${nested(v, depth)}`);
}

/**
 * `{ ...head, [key]: [items], ...tail }`, `depth` levels deep: `open` prints the object up to the
 * array's `[`, `item` each item, `close` the rest once the tail is known. Head and tail members
 * whose value is undefined are left out, as JSON.stringify leaves them out.
 */
export class StreamedJsonObject {
  private items = 0;

  constructor(private readonly depth = 0) {}

  open(head: Record<string, unknown>, key: string): string {
    const lines = members(head, this.depth + 1);
    lines.push(`${pad(this.depth + 1)}${JSON.stringify(key)}: [`);
    return `{\n${lines.join(",\n")}`;
  }

  item(value: unknown): string {
    return `${this.itemStart()}${nested(value, this.depth + 2)}`;
  }

  /** What precedes an item the caller prints itself (a StreamedJsonObject `depth + 2` deep). */
  itemStart(): string {
    const separator = this.items++ === 0 ? "\n" : ",\n";
    return `${separator}${pad(this.depth + 2)}`;
  }

  close(tail: Record<string, unknown>): string {
    const end = this.items === 0 ? "]" : `\n${pad(this.depth + 1)}]`;
    const rest = members(tail, this.depth + 1).map((m) => `,\n${m}`);
    return `${end}${rest.join("")}\n${pad(this.depth)}}`;
  }
}
