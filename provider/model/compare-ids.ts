/** By id, case-insensitively (as ARM compares ids), then exactly: the order listings across subscriptions come in. */
export function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
