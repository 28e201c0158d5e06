/**
 * The IP header fields a socket chooses for every packet it sends (struct inet_sock: uc_ttl and
 * tos), set with IP_TTL and IP_TOS as net/ipv4/ip_sockglue.c takes them, and what each puts on
 * the wire. A TCP child starts with its listener's (inet_csk_clone_lock copies inet_sock).
 */

/** uc_ttl when IP_TTL was never set (or set to −1): packets carry net.ipv4.ip_default_ttl */
export const UC_TTL_UNSET = -1;
/** INET_ECN_MASK: TOS's two ECN bits, TCP's own on a stream socket (tcp/ecn.ts) */
export const INET_ECN_MASK = 3;

export interface IpHeaderOpts {
  /** IP_TTL: −1 (the default TTL) or 1..255 */
  ucTtl: number;
  /** IP_TOS as getsockopt returns it */
  tos: number;
}

/** every socket's until it sets IP_TTL or IP_TOS (a socket replaces it whole, never changes it in place) */
export const DEFAULT_IP_HEADER_OPTS: Readonly<IpHeaderOpts> = Object.freeze({ ucTtl: UC_TTL_UNSET, tos: 0 });

/** do_ip_setsockopt(IP_TTL): −1 or 1..255, else EINVAL */
export function validUcTtl(value: number): boolean {
  return value === UC_TTL_UNSET || (value >= 1 && value <= 255);
}

/** ip_select_ttl() for a unicast packet: the socket's TTL, or the sysctl default */
export function ttlOnWire(o: IpHeaderOpts | undefined, defaultTtl: number): number {
  return o === undefined || o.ucTtl === UC_TTL_UNSET ? defaultTtl : o.ucTtl;
}

/** IP_TOS on a socket (__ip_sock_set_tos): a stream socket keeps its ECN bits, the rest is the caller's */
export function tosAfterSet(o: IpHeaderOpts, value: number, stream: boolean): number {
  return stream ? (value & ~INET_ECN_MASK) | (o.tos & INET_ECN_MASK) : value;
}

/** the TOS byte of the socket's packets (iph->tos = inet->tos, a u8) */
export function tosOnWire(o: IpHeaderOpts | undefined): number {
  return o === undefined ? 0 : o.tos & 0xff;
}
