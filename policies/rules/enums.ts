// Enumerations compare case-insensitively, as Azure Policy's conditions do ("equals" and "in" ignore
// case) and as ARM accepts them ("disabled" is "Disabled").

export function sameEnum(a: unknown, b: string): boolean {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

export function enumIn(value: unknown, allowed: readonly string[]): boolean {
  return allowed.some((a) => sameEnum(value, a));
}
