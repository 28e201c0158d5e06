/**
 * glibc's destination address sort for getaddrinfo (rfc3484_sort in
 * sysdeps/posix/getaddrinfo.c, RFC 6724 §6), for a host with IPv6 on lo only
 * (../wire/inet-addr.ts). The rules that can tell such a host's destinations apart:
 *
 * - Rule 1, avoid unusable destinations: glibc connects a UDP socket to each address to
 *   learn its source; an IPv6 address other than ::1 has no route (ENETUNREACH), so it
 *   sorts after every usable one.
 * - Rule 2, prefer matching scope: every usable destination's source has its scope
 *   (::1 and 127/8 are link-local, RFC 6724 §3.2; a global IPv4 leaves from a global
 *   address), so it ties; kept for the unusable ones, which have no source.
 * - Rule 6, prefer higher precedence: gai.conf's default table (RFC 3484 §2.1), ::1/128 50,
 *   ::/0 40, 2002::/16 30, ::/96 20, ::ffff:0:0/96 (every IPv4 address) 10. So 'localhost'
 *   gives ::1 before 127.0.0.1, as on Docker's containers with ::1 on lo.
 * - Rule 10, otherwise leave the order unchanged: the sort is stable, so several IPv4
 *   addresses stay in the server's (or /etc/hosts') order.
 *
 * Rules 3–5, 7–9 tie for these addresses (no deprecated, home or care-of addresses; labels
 * match their sources; no tunnels) or are left out (rule 9's longest prefix: glibc applies
 * it between IPv6 addresses only, and a lab host never has two usable ones).
 */
import type { AddrInfo } from './gai.ts';
import { parseIpv6Addr } from '../wire/ipv6-addr.ts';
import { IN6ADDR_LOOPBACK, inetFromIpv6 } from '../wire/inet-addr.ts';

interface Ranked {
  readonly usable: boolean;
  readonly precedence: number;
  readonly index: number;
}

/** gai.conf's default precedence of an IPv6 address (IPv4 is ::ffff:0:0/96: 10) */
function precedence6(b: Uint8Array): number {
  const zero = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zero(0, 15) && b[15] === 1) return 50;
  if (b[0] === 0x20 && b[1] === 0x02) return 30;
  if (zero(0, 12)) return 20;
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return 10;
  return 40;
}

function rank(a: AddrInfo, index: number): Ranked {
  if (a.family !== 10) return { usable: true, precedence: 10, index };
  const b = parseIpv6Addr(a.address);
  if (!b) return { usable: false, precedence: 0, index };
  const inet = inetFromIpv6(b);
  // an IPv4-mapped destination is reached over IPv4; any other IPv6 one only if it is ::1
  const usable = inet === IN6ADDR_LOOPBACK || (inet !== undefined && inet < 2 ** 32 && inet !== 0);
  return { usable, precedence: precedence6(b), index };
}

/** The list in the order glibc's getaddrinfo returns it (a new array; the input is left alone). */
export function sortDestinations(list: readonly AddrInfo[]): AddrInfo[] {
  const ranked = list.map((a, i) => ({ a, r: rank(a, i) }));
  ranked.sort((x, y) => {
    if (x.r.usable !== y.r.usable) return x.r.usable ? -1 : 1; // rule 1 (and rule 2 for them)
    if (x.r.precedence !== y.r.precedence) return y.r.precedence - x.r.precedence; // rule 6
    return x.r.index - y.r.index; // rule 10
  });
  return ranked.map((x) => x.a);
}
