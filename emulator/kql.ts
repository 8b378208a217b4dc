/**
 * The Kusto (KQL) query shapes the emulator's Resource Graph endpoint answers, read by a small
 * tokenizer and parser (never by comparing with a known query text):
 *
 *   resources
 *   | where type =~ 'microsoft.batch/batchaccounts' [and <column> <op> <string> ...]
 *   | project <column>, ...
 *   | order by id [asc|desc]          (or `sort by`)
 *
 * The table is `resources` (any case, as ARG accepts). Operators may come in any order and more
 * than once (`where` clauses add up; a later `project` sees only the columns of an earlier one).
 * Conditions compare a string column (id, name, type, location, subscriptionId, resourceGroup)
 * with `==`, `!=` (case-sensitive), `=~`, `!~` (case-insensitive), or with a list: `in`, `!in`,
 * `in~`, `!in~`. The emulator holds Batch accounts only, so a query must restrict `type` to them
 * (`==`, `=~`, `in`, `in~` naming only microsoft.batch/batchaccounts); otherwise it could not
 * answer as ARG would for a real tenant. Anything else (`limit`, `take`, `extend`, `or`,
 * `summarize`, ...) is a {@link KqlError}: the endpoint answers 400 InvalidQuery, as ARG does for
 * a query it cannot run.
 */

/** The columns of a Batch account row, and their types in ARG's table format. */
export const RESOURCE_COLUMNS = Object.freeze({
  id: "string",
  name: "string",
  type: "string",
  location: "string",
  tags: "object",
  identity: "object",
  properties: "object",
  subscriptionId: "string",
  resourceGroup: "string",
} as const);

export type Column = keyof typeof RESOURCE_COLUMNS;

/** ARG's type name of Batch accounts (lower-case, as ARG returns `type`). */
export const BATCH_ACCOUNTS_TYPE = "microsoft.batch/batchaccounts";

const COMPARISONS = ["==", "!=", "=~", "!~"] as const;
const LIST_OPERATORS = ["in", "!in", "in~", "!in~"] as const;
export type ConditionOperator = (typeof COMPARISONS)[number] | (typeof LIST_OPERATORS)[number];

export interface Condition {
  column: Column;
  op: ConditionOperator;
  values: string[];
}

export interface ParsedQuery {
  /** Every `where` condition (they all must hold). */
  conditions: Condition[];
  /** The columns of each row, in order (all of them without `project`). */
  columns: Column[];
  /** Rows are ordered by id, ascending unless `order by id desc`. */
  order: "asc" | "desc";
  /** A canonical form of the query: equal for queries that select the same rows the same way. */
  canonical: string;
}

/** A query outside the supported shapes; `message` says what, for the InvalidQuery detail. */
export class KqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KqlError";
  }
}

// ---- tokens -------------------------------------------------------------------------------------

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "symbol"; text: string; at: number }
  | { kind: "number"; text: string; at: number }
  | { kind: "end"; text: ""; at: number };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?/y;
const SYMBOLS = ["!in~", "!in", "in~", "==", "!=", "=~", "!~", "|", ",", "(", ")"];

function readString(text: string, start: number): { value: string; end: number } {
  const verbatim = text[start] === "@";
  const quote = text[verbatim ? start + 1 : start];
  let i = verbatim ? start + 2 : start + 1;
  let value = "";
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === "\\" && !verbatim) {
      const next = text[i + 1];
      const escapes: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r" };
      if (next === undefined || !(next in escapes)) throw new KqlError(`unsupported escape in the string at position ${i + 1}`);
      value += escapes[next];
      i += 2;
      continue;
    }
    if (c === "\n") break;
    value += c;
    i++;
  }
  throw new KqlError(`unterminated string literal at position ${start + 1}`);
}

/** Splits a query into words, string literals, numbers and symbols (comments and white space dropped). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith("//", i)) {
      const eol = text.indexOf("\n", i);
      i = eol < 0 ? text.length : eol + 1;
      continue;
    }
    if (c === "'" || c === '"' || (c === "@" && (text[i + 1] === "'" || text[i + 1] === '"'))) {
      const { value, end } = readString(text, i);
      tokens.push({ kind: "string", text: value, at: i });
      i = end;
      continue;
    }
    // `!in` is a symbol only when no word character follows (`!index` is not one).
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i) && !(s.endsWith("n") && /[A-Za-z0-9_]/.test(text[i + s.length] ?? "")));
    if (symbol !== undefined) {
      tokens.push({ kind: "symbol", text: symbol, at: i });
      i += symbol.length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      tokens.push({ kind: "word", text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      tokens.push({ kind: "number", text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    // Other punctuation of KQL (=, <, +, ...): a symbol no supported shape uses, refused by the parser.
    if (/[=<>+\-*/%.:;!~[\]{}]/.test(c)) {
      tokens.push({ kind: "symbol", text: c, at: i });
      i++;
      continue;
    }
    throw new KqlError(`unexpected character ${JSON.stringify(c)} at position ${i + 1}`);
  }
  tokens.push({ kind: "end", text: "", at: text.length });
  return tokens;
}

// ---- parser -------------------------------------------------------------------------------------

class Parser {
  private i = 0;
  /** Columns available to the next operator (narrowed by `project`). */
  private available: Column[] = Object.keys(RESOURCE_COLUMNS) as Column[];
  private readonly conditions: Condition[] = [];
  private order: "asc" | "desc" | undefined;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private describe(t: Token): string {
    return t.kind === "end" ? "the end of the query" : `${JSON.stringify(t.text)} at position ${t.at + 1}`;
  }

  private expectSymbol(text: string): void {
    const t = this.next();
    if (t.kind !== "symbol" || t.text !== text) throw new KqlError(`expected ${JSON.stringify(text)}, found ${this.describe(t)}`);
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === "word" && t.text === word;
  }

  private column(): Column {
    const t = this.next();
    if (t.kind !== "word") throw new KqlError(`expected a column name, found ${this.describe(t)}`);
    if (!Object.hasOwn(RESOURCE_COLUMNS, t.text)) {
      throw new KqlError(`unknown column ${JSON.stringify(t.text)} (the emulator's rows have ${Object.keys(RESOURCE_COLUMNS).join(", ")})`);
    }
    const column = t.text as Column;
    if (!this.available.includes(column))
      throw new KqlError(`column ${JSON.stringify(column)} was projected away before position ${t.at + 1}`);
    return column;
  }

  private string(): string {
    const t = this.next();
    if (t.kind !== "string") throw new KqlError(`expected a string literal, found ${this.describe(t)}`);
    return t.text;
  }

  private condition(): Condition {
    const column = this.column();
    if (RESOURCE_COLUMNS[column] !== "string")
      throw new KqlError(`the emulator compares only string columns, not ${JSON.stringify(column)}`);
    const opToken = this.next();
    const op =
      opToken.kind === "symbol" || (opToken.kind === "word" && opToken.text === "in") ? (opToken.text as ConditionOperator) : undefined;
    if (op !== undefined && (COMPARISONS as readonly string[]).includes(op)) return { column, op, values: [this.string()] };
    if (op !== undefined && (LIST_OPERATORS as readonly string[]).includes(op)) {
      this.expectSymbol("(");
      const values = [this.string()];
      while (this.peek().kind === "symbol" && this.peek().text === ",") {
        this.next();
        values.push(this.string());
      }
      this.expectSymbol(")");
      return { column, op, values };
    }
    throw new KqlError(`expected a comparison (${[...COMPARISONS, ...LIST_OPERATORS].join(" ")}), found ${this.describe(opToken)}`);
  }

  private where(): void {
    this.conditions.push(this.condition());
    while (this.isWord(this.peek(), "and")) {
      this.next();
      this.conditions.push(this.condition());
    }
    if (this.isWord(this.peek(), "or")) throw new KqlError(`'or' is not supported by the emulator (position ${this.peek().at + 1})`);
  }

  private project(): void {
    const columns = [this.column()];
    while (this.peek().kind === "symbol" && this.peek().text === ",") {
      this.next();
      columns.push(this.column());
    }
    const twice = columns.find((c, i) => columns.indexOf(c) !== i);
    if (twice !== undefined) throw new KqlError(`column ${JSON.stringify(twice)} is projected twice`);
    this.available = columns;
  }

  private orderBy(): void {
    const by = this.next();
    if (!this.isWord(by, "by")) throw new KqlError(`expected "by", found ${this.describe(by)}`);
    const column = this.column();
    if (column !== "id") throw new KqlError(`the emulator orders only by id, not ${JSON.stringify(column)}`);
    if (this.order !== undefined) throw new KqlError("the emulator sorts once; remove the second order by");
    // KQL's default direction is descending.
    this.order = "desc";
    const dir = this.peek();
    if (this.isWord(dir, "asc") || this.isWord(dir, "desc")) {
      this.order = dir.text as "asc" | "desc";
      this.next();
    }
  }

  parse(): ParsedQuery {
    const table = this.next();
    if (table.kind !== "word" || table.text.toLowerCase() !== "resources") {
      throw new KqlError(`the emulator queries the resources table only, found ${this.describe(table)}`);
    }
    while (this.peek().kind !== "end") {
      this.expectSymbol("|");
      const op = this.next();
      if (this.isWord(op, "where")) this.where();
      else if (this.isWord(op, "project")) this.project();
      else if (this.isWord(op, "order") || this.isWord(op, "sort")) this.orderBy();
      else throw new KqlError(`the emulator supports where, project and order by; not ${this.describe(op)}`);
    }
    requireBatchAccounts(this.conditions);
    const order = this.order ?? "asc";
    const canonical = JSON.stringify({ c: this.conditions, p: this.available, o: order });
    return { conditions: this.conditions, columns: this.available, order, canonical };
  }
}

/** A query must restrict `type` to Batch accounts, the only resources the emulator holds. */
function requireBatchAccounts(conditions: Condition[]): void {
  const positive = conditions.filter((c) => c.column === "type" && (c.op === "==" || c.op === "=~" || c.op === "in" || c.op === "in~"));
  const other = positive.flatMap((c) => c.values).find((v) => v.toLowerCase() !== BATCH_ACCOUNTS_TYPE);
  if (positive.length === 0 || other !== undefined) {
    throw new KqlError(
      `the emulator holds only Batch accounts: restrict the query with where type =~ '${BATCH_ACCOUNTS_TYPE}'` +
        (other === undefined ? "" : ` (not ${JSON.stringify(other)})`),
    );
  }
}

/** Parses a query of the supported shapes; throws {@link KqlError} for anything else. */
export function parseQuery(text: string): ParsedQuery {
  return new Parser(tokenize(text)).parse();
}

/** True when an account meets every condition; `columnValue` gives a string column's value as ARG returns it. */
export function meetsConditions(columnValue: (column: Column) => unknown, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => {
    const value = String(columnValue(c.column) ?? "");
    const caseless = c.op.endsWith("~");
    const same = (v: string) => (caseless ? v.toLowerCase() === value.toLowerCase() : v === value);
    const hit = c.values.some(same);
    return c.op.startsWith("!") ? !hit : hit;
  });
}
