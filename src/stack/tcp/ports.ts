/**
 * Ephemeral port choice as Linux makes it: a random start in ip_local_port_range, then a
 * probe in steps of two. connect() tries even ports first (__inet_hash_connect: offset &= ~1),
 * bind(port 0) odd ports first (inet_csk_find_open_port: offset |= 1).
 */
export function pickPort(
  range: readonly [number, number],
  draw: number,
  preferEven: boolean,
  isFree: (port: number) => boolean,
): number | undefined {
  const [low, high] = range;
  const remaining = high - low + 1;
  if (remaining <= 0) return undefined;
  let offset = (draw >>> 0) % remaining;
  for (const parity of preferEven ? [0, 1] : [1, 0]) {
    offset = (offset & ~1) | parity;
    for (let i = 0; i < remaining; i += 2) {
      const port = low + ((offset + i) % remaining);
      if (isFree(port)) return port;
    }
  }
  return undefined;
}
