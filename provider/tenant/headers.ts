// Reading one response header from whatever carries them: core-rest-pipeline's HttpHeaders, the
// fetch API's Headers (both have get()), or Node's plain header record.

export type HeaderSource = { get(name: string): string | null | undefined } | Record<string, string | string[] | number | undefined>;

/** The value of header `name` (case-insensitive), the first one if repeated; undefined when absent. */
export function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null | undefined }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lower || v === undefined) continue;
    return Array.isArray(v) ? v[0] : String(v);
  }
  return undefined;
}
