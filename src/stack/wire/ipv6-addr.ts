/**
 * IPv6 addresses as text ⇄ 16 bytes. Text output follows RFC 5952 §4 (lowercase, no leading
 * zeros, the longest run of two or more zero groups as `::`, the first on a tie) and §5 (an
 * IPv4-mapped `::ffff:a.b.c.d` in dotted form), as Wireshark prints them; like Wireshark (BSD's
 * inet_ntop6) an IPv4-compatible `::a.b.c.d` is dotted too, except `::` and `::1`. Addresses stay `Uint8Array` views of the packet (16 bytes, never copied).
 */
export type Ipv6Addr = Uint8Array;

export function parseIpv6Addr(text: string): Ipv6Addr | undefined {
  const halves = dottedTail(text.trim().toLowerCase())?.split('::');
  if (!halves) return undefined;
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const b = new Uint8Array(16);
  all.forEach((g, i) => {
    b[2 * i] = g >>> 8;
    b[2 * i + 1] = g & 0xff;
  });
  return b;
}

/** `::ffff:1.2.3.4` → `::ffff:102:304` (a dotted quad may end the text, RFC 4291 §2.2.3). */
function dottedTail(text: string): string | undefined {
  const m = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return text;
  const q = m.slice(2).map(Number);
  if (q.some((x) => x > 255)) return undefined;
  return `${m[1]}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
}

/** The 16 bytes at b[o..o+16) as RFC 5952 text. */
export function formatIpv6Addr(b: Uint8Array, o = 0): string {
  const g = Array.from({ length: 8 }, (_, i) => (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hexes = g.map((x) => x.toString(16));
  if (best === 0 && (bestLen === 6 || (bestLen === 7 && g[7] !== 1) || (bestLen === 5 && g[5] === 0xffff))) {
    const v4 = `${b[o + 12]}.${b[o + 13]}.${b[o + 14]}.${b[o + 15]}`;
    return bestLen === 5 ? `::ffff:${v4}` : `::${v4}`;
  }
  if (best < 0) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}
