// IPv4 addresses and CIDR ranges as Batch IP rules hold them ("IPv4 address, or IPv4 address range
// in CIDR format").

/** The prefix length of `value` (32 for a single address), or undefined when it is not IPv4/CIDR. */
export function ipv4PrefixLength(value: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (match === null) return undefined;
  for (let i = 1; i <= 4; i++) if (Number(match[i]) > 255) return undefined;
  if (match[5] === undefined) return 32;
  const prefix = Number(match[5]);
  return prefix <= 32 ? prefix : undefined;
}
