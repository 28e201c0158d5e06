/**
 * Socket addresses ⇄ the transport layers' addresses (../wire/inet-addr.ts), by the socket's
 * family, with the checks Linux makes: an AF_INET socket takes a sockaddr_in
 * (inet_bind, tcp_v4_connect: EAFNOSUPPORT otherwise), an AF_INET6 socket a sockaddr_in6
 * (inet6_bind, tcp_v6_connect). On an AF_INET6 socket an IPv4-mapped address means IPv4
 * (EINVAL to bind and ENETUNREACH to reach with IPV6_V6ONLY on), `::` as a destination
 * means ::1 (tcp_v6_connect, ip6_datagram_connect), and names come back as sockaddr_in6,
 * IPv4 peers as ::ffff:a.b.c.d (inet6_getname).
 */
import { AF_INET, AF_INET6 } from '../abi/linux.ts';
import { EADDRNOTAVAIL, EAFNOSUPPORT, EINVAL, ENETUNREACH } from '../abi/errno.ts';
import {
  IN6ADDR_ANY, IN6ADDR_ANY_V6ONLY, IN6ADDR_LOOPBACK, inetFromIpv6, isIpv6, isWildcard, toIpv6Bytes, type InetAddr,
} from '../wire/inet-addr.ts';
import type { SockAddr } from './api.ts';
import type { SockOpts } from './fds.ts';

const ANY6_BYTES = new Uint8Array(16);

/** The wildcard an unbound socket of this family binds to (inet_autobind, inet6 `::`). */
export function wildcardOf(o: SockOpts): InetAddr {
  if (o.family !== AF_INET6) return 0;
  return o.v6only ? IN6ADDR_ANY_V6ONLY : IN6ADDR_ANY;
}

/** bind(): the local address, or -errno. */
export function bindAddr(o: SockOpts, a: SockAddr): InetAddr | { errno: number } {
  if (a.family !== o.family || a.family === 1) return { errno: EAFNOSUPPORT };
  if (a.family === AF_INET) return a.addr;
  const addr = inetFromIpv6(a.addr, 0, wildcardOf(o));
  if (addr === undefined) return { errno: EADDRNOTAVAIL };
  if (o.v6only && !isIpv6(addr)) return { errno: EINVAL };
  return addr;
}

/** connect()/sendto(): the destination, or -errno; INADDR_ANY stays for the caller's own rule. */
export function destAddr(o: SockOpts, a: SockAddr): InetAddr | { errno: number } {
  if (a.family !== o.family || a.family === 1) return { errno: EAFNOSUPPORT };
  if (a.family === AF_INET) return a.addr;
  const addr = inetFromIpv6(a.addr, 0, IN6ADDR_LOOPBACK);
  // any other IPv6 address: no route on a host with IPv6 on lo alone
  if (addr === undefined) return { errno: ENETUNREACH };
  if (o.v6only && !isIpv6(addr)) return { errno: ENETUNREACH };
  return addr;
}

/** The sockaddr a socket of this family reports for (address, port). */
export function sockAddrOf(o: SockOpts, addr: InetAddr, port: number): SockAddr {
  if (o.family !== AF_INET6) return { family: AF_INET, addr, port };
  const bytes = isWildcard(addr) ? ANY6_BYTES : toIpv6Bytes(addr);
  return { family: AF_INET6, addr: bytes, port, flowinfo: 0, scopeId: 0 };
}
