/**
 * The address a transport layer (TCP, UDP) keys its sockets by: an IPv4 address as its u32
 * number, or one of the few IPv6 addresses a lab host can meet, as a number above 2^32.
 *
 * Why so few: the lab's hosts are Docker containers on networks without IPv6 (Docker's
 * default), so IPv6 lives on lo alone: ::1, and `::` for a socket bound to every address.
 * Any other IPv6 destination has no route (connect gives ENETUNREACH, as Linux does), so it
 * never reaches a socket table. An IPv4-mapped address (::ffff:a.b.c.d) is plain IPv4 here,
 * as in Linux, where a dual-stack socket talking to one runs the IPv4 code (tcp_v6_connect →
 * tcp_v4_connect); only the names the socket reports are written as IPv6.
 *
 * `::` comes in two kinds, since IPV6_V6ONLY can only be set before bind(): a socket bound to
 * `::` with V6ONLY off takes IPv4 too (net.ipv6.bindv6only = 0), one with it on takes IPv6
 * only. Numbers keep the tables' hot path as it was: a compare, a Map key, no object.
 */
import { parseIpv6Addr, type Ipv6Addr } from './ipv6-addr.ts';

/** an IPv4 address (< 2^32) or an IPv6 one below */
export type InetAddr = number;

const V6 = 2 ** 32;
/** `::` bound with IPV6_V6ONLY off: every address of both families */
export const IN6ADDR_ANY = V6;
/** `::` bound with IPV6_V6ONLY on: every IPv6 address */
export const IN6ADDR_ANY_V6ONLY = V6 + 1;
/** ::1 (RFC 4291 §2.5.3) */
export const IN6ADDR_LOOPBACK = V6 + 2;

const ANY_BYTES = new Uint8Array(16);
const LOOPBACK_BYTES = parseIpv6Addr('::1')!;

export function isIpv6(a: InetAddr): boolean {
  return a >= V6;
}

/** INADDR_ANY or `::` of either kind: a socket bound to no one address. */
export function isWildcard(a: InetAddr): boolean {
  return a === 0 || a === IN6ADDR_ANY || a === IN6ADDR_ANY_V6ONLY;
}

/** Which families an address takes: 1 IPv4, 2 IPv6, 3 both (a dual-stack `::`). */
function families(a: InetAddr): number {
  if (a === IN6ADDR_ANY) return 3;
  return a >= V6 ? 2 : 1;
}

/** Does a socket bound to `bound` take a packet for `dst` (a wildcard of its families, or equal)? */
export function coversAddr(bound: InetAddr, dst: InetAddr): boolean {
  return bound === dst || (isWildcard(bound) && (families(bound) & families(dst)) !== 0);
}

/**
 * Do two bound addresses overlap (inet_rcv_saddr_equal with match_wildcard): equal, or either
 * a wildcard whose families meet the other's, so `::` (V6ONLY off) and 0.0.0.0 clash on one port.
 */
export function addrsOverlap(a: InetAddr, b: InetAddr): boolean {
  if (a === b) return true;
  if (!isWildcard(a) && !isWildcard(b)) return false;
  return (families(a) & families(b)) !== 0;
}

/**
 * 16 bytes → the transport's address: `::` (as `any`, the caller's wildcard kind), ::1, an
 * IPv4-mapped address as its IPv4 number; undefined for an address no lab host has.
 */
export function inetFromIpv6(b: Uint8Array, o = 0, any: InetAddr = IN6ADDR_ANY): InetAddr | undefined {
  for (let i = 0; i < 10; i++) if (b[o + i] !== 0) return undefined;
  const mapped = b[o + 10] === 0xff && b[o + 11] === 0xff;
  if (mapped) return ((b[o + 12]! << 24) >>> 0) + ((b[o + 13]! << 16) | (b[o + 14]! << 8) | b[o + 15]!);
  if (b[o + 10] !== 0 || b[o + 11] !== 0 || b[o + 12] !== 0 || b[o + 13] !== 0 || b[o + 14] !== 0) return undefined;
  if (b[o + 15] === 0) return any;
  return b[o + 15] === 1 ? IN6ADDR_LOOPBACK : undefined;
}

/** The 16 bytes of an IPv6 address of this module (shared: never write into them). */
export function ipv6BytesOf(a: InetAddr): Ipv6Addr {
  return a === IN6ADDR_LOOPBACK ? LOOPBACK_BYTES : ANY_BYTES;
}

/** The 16 bytes a dual-stack socket reports for `a`: IPv6 as it is, IPv4 as ::ffff:a.b.c.d. */
export function toIpv6Bytes(a: InetAddr): Ipv6Addr {
  if (a >= V6) return ipv6BytesOf(a);
  const b = new Uint8Array(16);
  b[10] = 0xff;
  b[11] = 0xff;
  b[12] = a >>> 24;
  b[13] = (a >>> 16) & 0xff;
  b[14] = (a >>> 8) & 0xff;
  b[15] = a & 0xff;
  return b;
}

/** As ss(8) prints an address before `:port`: dotted, `[::1]`, `[::]` (V6ONLY), `*` (dual-stack `::`). */
export function formatInetAddr(a: InetAddr): string {
  if (a < V6) return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
  if (a === IN6ADDR_ANY) return '*';
  return a === IN6ADDR_LOOPBACK ? '[::1]' : '[::]';
}
