/**
 * AF_INET6 sockets through the system-call table, on a host whose only IPv6 is lo (::1),
 * with Linux's rules: inet6_bind, tcp_v6_connect / ip6_datagram_connect, inet6_getname,
 * IPV6_V6ONLY, and the MSS a connection over ::1 gets (65536 − 40 − 20).
 */
import { describe, expect, it } from 'vitest';
import { A, settle, twoHosts } from '../../helpers/world.ts';
import {
  AF_INET, AF_INET6, IPPROTO_IPV6, IPPROTO_TCP, IPV6_V6ONLY, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, SO_DOMAIN, SO_ERROR, TCP_MAXSEG,
} from '../../../src/stack/abi/linux.ts';
import { EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, ECONNREFUSED, EINPROGRESS, EINVAL, EMSGSIZE, ENETUNREACH, ENOPROTOOPT } from '../../../src/stack/abi/errno.ts';
import { formatIpv6Addr, parseIpv6Addr } from '../../../src/stack/wire/ipv6-addr.ts';
import type { SockAddr } from '../../../src/stack/syscall/api.ts';
import type { SyscallTable } from '../../../src/stack/syscall/table.ts';

const in6 = (text: string, port: number): SockAddr => ({ family: AF_INET6, addr: parseIpv6Addr(text)!, port, flowinfo: 0, scopeId: 0 });
const in4 = (addr: number, port: number): SockAddr => ({ family: AF_INET, addr, port });

/** a name as Python prints it: (host, port) or (host, port, flowinfo, scope_id) */
function name(a: SockAddr | number): unknown {
  if (typeof a === 'number') return a;
  if (a.family === AF_INET6) return [formatIpv6Addr(a.addr), a.port, a.flowinfo, a.scopeId];
  return a.family === AF_INET ? [a.addr, a.port] : a.path;
}

function host(): { w: ReturnType<typeof twoHosts>; t: SyscallTable } {
  const w = twoHosts();
  return { w, t: w.openTable('a') };
}

describe('AF_INET6 sockets', () => {
  it('bind: ::1 and :: are ours, another IPv6 address is not, a sockaddr_in is the wrong family', () => {
    const { t } = host();
    const s = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.getsockopt(s, SOL_SOCKET, SO_DOMAIN)).toBe(AF_INET6);
    expect(t.bind(s, in4(A, 80))).toBe(-EAFNOSUPPORT);
    expect(t.bind(s, in6('2001:db8::1', 80))).toBe(-EADDRNOTAVAIL);
    expect(t.bind(s, in6('::1', 8000))).toBe(0);
    expect(name(t.getsockname(s))).toEqual(['::1', 8000, 0, 0]);
    const u = t.socket(AF_INET6, SOCK_DGRAM, 0);
    expect(name(t.getsockname(u))).toEqual(['::', 0, 0, 0]);
    expect(t.bind(u, in6('::', 8000))).toBe(0);
    expect(t.bind(t.socket(AF_INET, SOCK_STREAM, 0), in6('::1', 1))).toBe(-EAFNOSUPPORT);
  });

  it('IPV6_V6ONLY: 0 by default, settable before bind only, and only on AF_INET6', () => {
    const { t } = host();
    const s = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY)).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, 1)).toBe(0);
    expect(t.getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY)).toBe(1);
    expect(t.bind(s, in6('::ffff:127.0.0.1', 8000))).toBe(-EINVAL);
    expect(t.bind(s, in6('::', 8000))).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, 0)).toBe(-EINVAL);
    expect(t.setsockopt(t.socket(AF_INET, SOCK_STREAM, 0), IPPROTO_IPV6, IPV6_V6ONLY, 1)).toBe(-ENOPROTOOPT);
  });

  it('a dual-stack [::] holds the port for IPv4 too; a V6ONLY one does not', () => {
    const { t } = host();
    const dual = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.bind(dual, in6('::', 9000))).toBe(0);
    expect(t.listen(dual, 5)).toBe(0);
    expect(t.bind(t.socket(AF_INET, SOCK_STREAM, 0), in4(0x7f000001, 9000))).toBe(-EADDRINUSE);
    const only = t.socket(AF_INET6, SOCK_STREAM, 0);
    t.setsockopt(only, IPPROTO_IPV6, IPV6_V6ONLY, 1);
    expect(t.bind(only, in6('::', 9001))).toBe(0);
    expect(t.listen(only, 5)).toBe(0);
    expect(t.bind(t.socket(AF_INET, SOCK_STREAM, 0), in4(0, 9001))).toBe(0);
    expect(t.bind(t.socket(AF_INET6, SOCK_STREAM, 0), in6('::1', 9001))).toBe(-EADDRINUSE);
  });

  it('connect: to ::1 over lo (MSS 65476); :: means ::1; no route elsewhere; a mapped address from V6ONLY is unreachable', () => {
    const { w, t } = host();
    const l = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.bind(l, in6('::', 7000))).toBe(0);
    expect(t.listen(l, 5)).toBe(0);
    const c = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.connect(c, in6('::', 7000))).toBe(-EINPROGRESS);
    settle(w);
    expect(t.connectResult(c)).toBe(0);
    expect(name(t.getpeername(c))).toEqual(['::1', 7000, 0, 0]);
    expect(t.getsockopt(c, IPPROTO_TCP, TCP_MAXSEG)).toBe(65464); // MSS 65476 less 12 for timestamps (mss_cache)
    const acc = t.accept4(l, 0);
    if (typeof acc === 'number') throw new Error(`accept ${acc}`);
    expect(name(acc.addr)).toEqual(['::1', (t.getsockname(c) as { port: number }).port, 0, 0]);
    expect(t.connect(t.socket(AF_INET6, SOCK_STREAM, 0), in6('2001:db8::1', 80))).toBe(-ENETUNREACH);
    const only = t.socket(AF_INET6, SOCK_STREAM, 0);
    t.setsockopt(only, IPPROTO_IPV6, IPV6_V6ONLY, 1);
    expect(t.connect(only, in6('::ffff:127.0.0.1', 7000))).toBe(-ENETUNREACH);
  });

  it('an IPv4 client of a dual-stack listener is named ::ffff:a.b.c.d on the IPv6 side', () => {
    const { w, t } = host();
    const l = t.socket(AF_INET6, SOCK_STREAM, 0);
    t.bind(l, in6('::', 7000));
    t.listen(l, 5);
    const c = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.connect(c, in4(0x7f000001, 7000))).toBe(-EINPROGRESS);
    settle(w);
    const acc = t.accept4(l, 0);
    if (typeof acc === 'number') throw new Error(`accept ${acc}`);
    expect(name(acc.addr)).toEqual(['::ffff:127.0.0.1', (t.getsockname(c) as { port: number }).port, 0, 0]);
    expect(name(t.getsockname(acc.fd))).toEqual(['::ffff:127.0.0.1', 7000, 0, 0]);
    expect(t.getsockopt(c, IPPROTO_TCP, TCP_MAXSEG)).toBe(65483); // IPv4 on lo: 65495 less 12 for timestamps
  });

  it('UDP over ::1 carries up to 65527 bytes (65535 less the UDP header; IPv4: 65507)', () => {
    const { w, t } = host();
    const rx = t.socket(AF_INET6, SOCK_DGRAM, 0);
    expect(t.bind(rx, in6('::1', 5000))).toBe(0);
    const tx = t.socket(AF_INET6, SOCK_DGRAM, 0);
    expect(t.sendto(tx, new Uint8Array(65528), 0, in6('::1', 5000))).toBe(-EMSGSIZE);
    expect(t.sendto(tx, new Uint8Array(65527), 0, in6('::1', 5000))).toBe(65527);
    settle(w);
    const got = t.recvfrom(rx, 70000, 0);
    if (typeof got === 'number') throw new Error(`recvfrom ${got}`);
    expect(got.data.length).toBe(65527);
    expect(name(got.addr!)).toEqual(['::1', (t.getsockname(tx) as { port: number }).port, 0, 0]);
  });

  it('a SYN to ::1 where nobody listens is reset: ECONNREFUSED', () => {
    const { w, t } = host();
    const c = t.socket(AF_INET6, SOCK_STREAM, 0);
    expect(t.connect(c, in6('::1', 9))).toBe(-EINPROGRESS);
    settle(w);
    expect(t.getsockopt(c, SOL_SOCKET, SO_ERROR)).toBe(ECONNREFUSED);
  });
});
