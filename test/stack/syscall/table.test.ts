/**
 * The system-call table with Linux's semantics and errno values, driven as a non-blocking
 * program would drive it (the World carries the frames between two hosts).
 */
import { describe, expect, it } from 'vitest';
import { A, settle, twoHosts } from '../../helpers/world.ts';
import {
  AF_INET, AF_INET6, AF_UNIX, EPOLLET, EPOLLIN, EPOLLONESHOT, EPOLL_CTL_ADD, EPOLL_CTL_MOD, F_GETFL, F_SETFL, FIONREAD,
  IPPROTO_TCP, MSG_PEEK, O_NONBLOCK, POLLIN, POLLNVAL, POLLOUT, SIOCOUTQ, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW, SOCK_STREAM, SOL_SOCKET,
  SO_BROADCAST, SO_ERROR, SO_REUSEADDR, SO_TYPE, TCP_INFO, TCP_NODELAY, SO_RCVTIMEO, SO_LINGER, IPPROTO_IPV6, IPV6_V6ONLY,
} from '../../../src/stack/abi/linux.ts';
import {
  EACCES, EADDRINUSE, EAFNOSUPPORT, EAGAIN, EBADF, ECONNREFUSED, EINPROGRESS, EINVAL, EISCONN, ENOTCONN, ENOTSOCK, EPIPE,
  EEXIST, ENOENT, ECONNRESET,
} from '../../../src/stack/abi/errno.ts';
import { dissectFrame } from '../../../src/stack/wire/frame.ts';
import type { SyscallTable } from '../../../src/stack/syscall/table.ts';
import type { TcpInfo } from '../../../src/stack/abi/types.ts';

const enc = new TextEncoder();
const addr = (port: number, a = A) => ({ family: AF_INET as 2, addr: a, port });

/** a listener on a:7000 and a connected client on b, both established */
function connected() {
  const w = twoHosts();
  const srv = w.openTable('a');
  const cli = w.openTable('b');
  const l = srv.socket(AF_INET, SOCK_STREAM, 0);
  expect(srv.bind(l, addr(7000))).toBe(0);
  expect(srv.listen(l, 5)).toBe(0);
  const c = cli.socket(AF_INET, SOCK_STREAM, 0);
  expect(cli.connect(c, addr(7000))).toBe(-EINPROGRESS);
  settle(w);
  expect(cli.connectResult(c)).toBe(0);
  const acc = srv.accept4(l, 0);
  if (typeof acc === 'number') throw new Error(`accept ${acc}`);
  return { w, srv, cli, l, c, s: acc.fd };
}

describe('socket() and the fd table', () => {
  it('refuses families and types Linux refuses, with its errno', () => {
    const t = twoHosts().openTable('a');
    expect(t.socket(46, SOCK_STREAM, 0)).toBe(-EAFNOSUPPORT); // AF_MAX: no such family
    expect(t.socket(AF_INET6, SOCK_RAW, 58)).toBe(-93); // raw ICMPv6 is not simulated: EPROTONOSUPPORT
    expect(t.socket(AF_INET, SOCK_STREAM, 17)).toBe(-93); // EPROTONOSUPPORT
    expect(t.socket(AF_INET, 5, 0)).toBe(-94); // SOCK_SEQPACKET: ESOCKTNOSUPPORT
  });

  it('gives the lowest free fd from 3, reusing closed ones', () => {
    const t = twoHosts().openTable('a');
    const fds = [0, 1, 2].map(() => t.socket(AF_INET, SOCK_DGRAM, 0));
    expect(fds).toEqual([3, 4, 5]);
    expect(t.close(4)).toBe(0);
    expect(t.close(4)).toBe(-EBADF);
    expect(t.socket(AF_INET, SOCK_STREAM, 0)).toBe(4);
    expect(t.pollMask(99)).toBe(POLLNVAL);
  });

  it('SOCK_NONBLOCK and fcntl O_NONBLOCK set the same flag; an epoll fd is not a socket', () => {
    const t = twoHosts().openTable('a');
    const s = t.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    expect(t.fcntl(s, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(t.fcntl(s, F_SETFL, 0)).toBe(0);
    expect(t.nonBlocking(s)).toBe(false);
    const ep = t.epoll_create1(0);
    expect(t.bind(ep, addr(1))).toBe(-ENOTSOCK);
    expect(t.getsockopt(s, SOL_SOCKET, SO_TYPE)).toBe(SOCK_STREAM);
  });

  it("keeps each socket's options its own: setting them on one leaves the others' unset (they start shared)", () => {
    const t = twoHosts().openTable('a');
    const [s1, s2] = [t.socket(AF_INET, SOCK_DGRAM, 0), t.socket(AF_INET, SOCK_DGRAM, 0)];
    const v6 = [t.socket(AF_INET6, SOCK_STREAM, 0), t.socket(AF_INET6, SOCK_STREAM, 0)];
    expect(t.setsockopt(s1, SOL_SOCKET, SO_BROADCAST, 1)).toBe(0);
    expect(t.setsockopt(s1, SOL_SOCKET, SO_RCVTIMEO, 5e9)).toBe(0);
    expect(t.setsockopt(s1, SOL_SOCKET, SO_LINGER, { onoff: 1, linger: 3 })).toBe(0);
    expect(t.setsockopt(v6[0]!, IPPROTO_IPV6, IPV6_V6ONLY, 1)).toBe(0);
    expect([t.getsockopt(s1, SOL_SOCKET, SO_BROADCAST), t.getsockopt(s1, SOL_SOCKET, SO_RCVTIMEO), t.getsockopt(s1, SOL_SOCKET, SO_LINGER)]).toEqual([1, 5e9, { onoff: 1, linger: 3 }]);
    expect([t.getsockopt(s2, SOL_SOCKET, SO_BROADCAST), t.getsockopt(s2, SOL_SOCKET, SO_RCVTIMEO), t.getsockopt(s2, SOL_SOCKET, SO_LINGER)]).toEqual([0, 0, { onoff: 0, linger: 0 }]);
    expect([t.getsockopt(v6[0]!, IPPROTO_IPV6, IPV6_V6ONLY), t.getsockopt(v6[1]!, IPPROTO_IPV6, IPV6_V6ONLY)]).toEqual([1, 0]);
    // a new socket after all that starts unset too
    expect(t.getsockopt(t.socket(AF_INET, SOCK_DGRAM, 0), SOL_SOCKET, SO_BROADCAST)).toBe(0);
  });
});

describe('TCP through the table', () => {
  it('connect to a closed port: EINPROGRESS, then SO_ERROR ECONNREFUSED', () => {
    const w = twoHosts();
    const t = w.openTable('b');
    const c = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.connect(c, addr(9))).toBe(-EINPROGRESS);
    settle(w);
    expect(t.getsockopt(c, SOL_SOCKET, SO_ERROR)).toBe(ECONNREFUSED);
  });

  it('bind twice, bind a port in use, connect twice, send and recv unconnected: Linux errnos', () => {
    const { srv, cli, c, l } = connected();
    const x = srv.socket(AF_INET, SOCK_STREAM, 0);
    expect(srv.bind(x, addr(7000))).toBe(-EADDRINUSE);
    expect(srv.bind(x, addr(7001))).toBe(0);
    expect(srv.bind(x, addr(7002))).toBe(-EINVAL);
    expect(cli.connect(c, addr(7000))).toBe(-EISCONN);
    expect(srv.connect(l, addr(7000))).toBe(-EISCONN);
    expect(srv.sendto(x, enc.encode('a'), 0, null)).toBe(-EPIPE);
    expect(srv.recvfrom(x, 10, 0)).toBe(-ENOTCONN);
    expect(srv.accept4(x, 0)).toBe(-EINVAL);
    expect(srv.accept4(l, 0)).toBe(-EAGAIN);
  });

  it('MSG_PEEK leaves the bytes queued; FIONREAD and SIOCOUTQ count them', () => {
    const { w, srv, cli, c, s } = connected();
    expect(cli.setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1)).toBe(0);
    expect(cli.sendto(c, enc.encode('hello world'), 0, null)).toBe(11);
    expect(cli.ioctl(c, SIOCOUTQ)).toBe(11);
    settle(w);
    expect(cli.ioctl(c, SIOCOUTQ)).toBe(0);
    expect(srv.ioctl(s, FIONREAD)).toBe(11);
    const p = srv.recvfrom(s, 5, MSG_PEEK);
    expect(typeof p !== 'number' && new TextDecoder().decode(p.data)).toBe('hello');
    const r = srv.recvfrom(s, 100, 0);
    expect(typeof r !== 'number' && new TextDecoder().decode(r.data)).toBe('hello world');
    expect(srv.recvfrom(s, 100, 0)).toBe(-EAGAIN);
  });

  it('TCP_INFO reports an established connection with its MSS and options', () => {
    const { srv, s } = connected();
    const info = srv.getsockopt(s, IPPROTO_TCP, TCP_INFO) as TcpInfo;
    expect(info.tcpi_state).toBe(1);
    expect(info.tcpi_snd_mss).toBe(1448);
    expect(info.tcpi_options & 7).toBe(7); // timestamps, SACK, window scaling
  });

  it("tcpi_bytes_acked counts the connecting side's SYN, not the accepted side's SYN/ACK (as Linux 6.18 reports)", () => {
    const { w, srv, cli, c, s } = connected();
    const acked = (t: SyscallTable, fd: number) => (t.getsockopt(fd, IPPROTO_TCP, TCP_INFO) as TcpInfo).tcpi_bytes_acked;
    expect([acked(cli, c), acked(srv, s)]).toEqual([1, 0]);
    expect(srv.sendto(s, enc.encode('0123456789'), 0, null)).toBe(10);
    settle(w);
    expect(acked(srv, s)).toBe(10);
  });

  it('after the peer closes: recv gives b"" and POLLIN; send after SHUT_WR is EPIPE', () => {
    const { w, srv, cli, c, s } = connected();
    cli.close(c);
    settle(w);
    expect(srv.pollMask(s) & POLLIN).toBe(POLLIN);
    const r = srv.recvfrom(s, 10, 0);
    expect(typeof r !== 'number' && r.data.length).toBe(0);
    expect(srv.shutdown(s, 1)).toBe(0);
    expect(srv.sendto(s, enc.encode('x'), 0, null)).toBe(-EPIPE);
  });
});

describe('dup and dup2', () => {
  it('a dup shares the open file: its O_NONBLOCK, its data, and the connection stays up until the last fd closes', () => {
    const { w, srv, cli, c, s } = connected();
    const d = cli.dup(c);
    expect(d).toBe(4);
    expect(cli.fcntl(c, F_SETFL, O_NONBLOCK)).toBe(0);
    expect(cli.fcntl(d, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(cli.sendto(d, enc.encode('via the dup'), 0, null)).toBe(11);
    expect(cli.close(c)).toBe(0);
    settle(w);
    const first = srv.recvfrom(s, 100, 0);
    expect(typeof first !== 'number' && new TextDecoder().decode(first.data)).toBe('via the dup');
    expect(srv.recvfrom(s, 100, MSG_PEEK | 0x40)).toBe(-EAGAIN); // MSG_DONTWAIT: no FIN yet
    expect(cli.close(d)).toBe(0);
    settle(w);
    const eof = srv.recvfrom(s, 100, 0);
    expect(typeof eof !== 'number' && eof.data.length).toBe(0);
    expect(cli.dup(d)).toBe(-EBADF);
  });

  it('dup2 onto an open fd closes what it named first; onto itself it is a no-op', () => {
    const t = twoHosts().openTable('a');
    const u = t.socket(AF_INET, SOCK_DGRAM, 0);
    const v = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.dup2(u, u)).toBe(u);
    expect(t.dup2(u, v)).toBe(v);
    expect(t.getsockopt(v, SOL_SOCKET, SO_TYPE)).toBe(SOCK_DGRAM);
    expect(t.close(u)).toBe(0);
    expect(t.getsockopt(v, SOL_SOCKET, SO_TYPE)).toBe(SOCK_DGRAM);
    expect(t.dup2(99, 7)).toBe(-EBADF);
    expect(t.dup2(v, 20)).toBe(20);
    expect(t.socket(AF_INET, SOCK_DGRAM, 0)).toBe(3);
  });
});

describe('0.0.0.0 as a destination', () => {
  it('means this host, as Linux routes it: 127.0.0.1 both ways, or the address the socket is bound to', () => {
    const w = twoHosts();
    const t = w.openTable('a');
    const l = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.bind(l, addr(7777, 0))).toBe(0);
    expect(t.listen(l, 5)).toBe(0);
    const c = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.connect(c, addr(7777, 0))).toBe(-EINPROGRESS);
    settle(w);
    expect(t.connectResult(c)).toBe(0);
    expect(t.getpeername(c)).toEqual(addr(7777, 0x7f000001));
    expect(t.getsockname(c)).toMatchObject({ addr: 0x7f000001 });
    const bound = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.bind(bound, addr(0, A))).toBe(0);
    t.connect(bound, addr(7777, 0));
    settle(w);
    expect(t.connectResult(bound)).toBe(0);
    expect(t.getpeername(bound)).toEqual(addr(7777, A));
    const u = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.bind(u, addr(7000, 0))).toBe(0);
    const v = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.sendto(v, enc.encode('x'), 0, addr(7000, 0))).toBe(1);
    settle(w);
    const got = t.recvfrom(u, 10, 0);
    expect(typeof got !== 'number' && got.addr).toMatchObject({ addr: 0x7f000001 });
  });
});

describe('UDP, broadcast and socket pairs', () => {
  it('sendto a broadcast address needs SO_BROADCAST (EACCES without it)', () => {
    const t = twoHosts().openTable('a');
    const u = t.socket(AF_INET, SOCK_DGRAM, 0);
    const bcast = { family: AF_INET as 2, addr: 0xac1010ff, port: 6000 };
    expect(t.sendto(u, enc.encode('x'), 0, bcast)).toBe(-EACCES);
    expect(t.setsockopt(u, SOL_SOCKET, SO_BROADCAST, 1)).toBe(0);
    expect(t.sendto(u, enc.encode('x'), 0, bcast)).toBe(1);
    // the limited broadcast follows the default route, and this host has none (as Linux: ENETUNREACH)
    expect(t.sendto(u, enc.encode('x'), 0, { ...bcast, addr: 0xffffffff })).toBe(-101);
  });

  it('a broadcast reaches every socket bound to the port on the segment, the sender\'s host included', () => {
    const w = twoHosts();
    const a = w.openTable('a');
    const b = w.openTable('b');
    const recvs = [a, b].map((t) => {
      const u = t.socket(AF_INET, SOCK_DGRAM, 0);
      t.setsockopt(u, SOL_SOCKET, SO_REUSEADDR, 1);
      expect(t.bind(u, { family: AF_INET, addr: 0, port: 6000 })).toBe(0);
      return { t, u };
    });
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    a.setsockopt(s, SOL_SOCKET, SO_BROADCAST, 1);
    expect(a.sendto(s, enc.encode('to all'), 0, { family: AF_INET, addr: 0xac1010ff, port: 6000 })).toBe(6);
    settle(w);
    for (const { t, u } of recvs) {
      const r = t.recvfrom(u, 100, 0);
      expect(typeof r !== 'number' && new TextDecoder().decode(r.data)).toBe('to all');
    }
  });

  it('a datagram longer than the buffer: what fits, MSG_TRUNC, the rest discarded; MSG_PEEK keeps it whole', () => {
    const w = twoHosts();
    const a = w.openTable('a');
    const u = a.socket(AF_INET, SOCK_DGRAM, 0);
    expect(a.bind(u, { family: AF_INET, addr: 0, port: 6000 })).toBe(0);
    const s = a.socket(AF_INET, SOCK_DGRAM, 0);
    for (const text of ['0123456789', 'ab']) a.sendto(s, enc.encode(text), 0, { family: AF_INET, addr: A, port: 6000 });
    settle(w);
    const text = (r: ReturnType<typeof a.recvfrom>) => (typeof r === 'number' ? r : [new TextDecoder().decode(r.data), r.truncated]);
    expect(text(a.recvfrom(u, 4, MSG_PEEK))).toEqual(['0123', true]);
    expect(text(a.recvfrom(u, 4, 0))).toEqual(['0123', true]);
    expect(text(a.recvfrom(u, 4, 0))).toEqual(['ab', false]);
  });

  it('socketpair: bytes each way, EOF after close, only AF_UNIX stream', () => {
    const t = twoHosts().openTable('a');
    expect(t.socketpair(AF_INET, SOCK_STREAM, 0)).toBeLessThan(0);
    const pair = t.socketpair(AF_UNIX, SOCK_STREAM, 0);
    if (typeof pair === 'number') throw new Error('socketpair');
    const [x, y] = pair;
    expect(t.pollMask(y) & POLLIN).toBe(0);
    expect(t.sendto(x, enc.encode('\0'), 0, null)).toBe(1);
    expect(t.pollMask(y) & (POLLIN | POLLOUT)).toBe(POLLIN | POLLOUT);
    const r = t.recvfrom(y, 10, 0);
    expect(typeof r !== 'number' && r.data).toEqual(new Uint8Array([0]));
    expect(t.recvfrom(y, 10, 0)).toBe(-EAGAIN);
    t.close(x);
    const eof = t.recvfrom(y, 10, 0);
    expect(typeof eof !== 'number' && eof.data.length).toBe(0);
  });
});

describe('epoll', () => {
  function withData(): { t: SyscallTable; fd: number; ep: number; more: () => void } {
    const w = twoHosts();
    const t = w.openTable('a');
    const u = t.socket(AF_INET, SOCK_DGRAM, 0);
    t.bind(u, addr(6000));
    const other = w.openTable('b');
    const o = other.socket(AF_INET, SOCK_DGRAM, 0);
    const more = () => {
      other.sendto(o, enc.encode('d'), 0, addr(6000));
      settle(w);
    };
    more();
    return { t, fd: u, ep: t.epoll_create1(0), more };
  }

  it('level-triggered: reported while readable; ADD twice is EEXIST, MOD of an unknown fd ENOENT', () => {
    const { t, fd, ep } = withData();
    expect(t.epoll_ctl(ep, EPOLL_CTL_ADD, fd, { events: EPOLLIN, data: 42 })).toBe(0);
    expect(t.epoll_ctl(ep, EPOLL_CTL_ADD, fd, { events: EPOLLIN, data: 42 })).toBe(-EEXIST);
    expect(t.epoll_ctl(ep, EPOLL_CTL_MOD, 77, { events: EPOLLIN, data: 1 })).toBe(-EBADF);
    expect(t.epoll_ctl(ep, EPOLL_CTL_MOD, t.socket(AF_INET, SOCK_DGRAM, 0), { events: EPOLLIN, data: 1 })).toBe(-ENOENT);
    expect(t.epollTake(ep, 8)).toEqual([{ events: EPOLLIN, data: 42 }]);
    expect(t.epollTake(ep, 8)).toEqual([{ events: EPOLLIN, data: 42 }]);
    expect(t.pollMask(ep) & POLLIN).toBe(POLLIN);
  });

  it('edge-triggered: reported once per arrival; one-shot: once until re-armed', () => {
    const { t, fd, ep, more } = withData();
    t.epoll_ctl(ep, EPOLL_CTL_ADD, fd, { events: EPOLLIN | EPOLLET, data: 1 });
    expect(t.epollTake(ep, 8)).toHaveLength(1);
    expect(t.epollTake(ep, 8)).toHaveLength(0);
    more();
    expect(t.epollTake(ep, 8)).toHaveLength(1);
    t.epoll_ctl(ep, EPOLL_CTL_MOD, fd, { events: EPOLLIN | EPOLLONESHOT, data: 2 });
    expect(t.epollTake(ep, 8)).toEqual([{ events: EPOLLIN, data: 2 }]);
    expect(t.epollTake(ep, 8)).toHaveLength(0);
    t.epoll_ctl(ep, EPOLL_CTL_MOD, fd, { events: EPOLLIN | EPOLLONESHOT, data: 3 });
    expect(t.epollTake(ep, 8)).toEqual([{ events: EPOLLIN, data: 3 }]);
  });
});

describe('SO_LINGER with a zero time (tcp_close → tcp_disconnect)', () => {
  /** the TCP flags of every segment on the wire, in order */
  function flagsOnWire(w: ReturnType<typeof twoHosts>): string[] {
    const out: string[] = [];
    w.onWire((_from, frame) => {
      const tcp = dissectFrame(frame, 1).tcp;
      if (tcp) out.push(tcp.flags & 4 ? 'RST' : tcp.flags & 1 ? 'FIN' : 'other');
      return true;
    });
    return out;
  }

  it('close() resets the connection instead of sending a FIN; the peer reads ECONNRESET; no TIME-WAIT is left', () => {
    const { w, srv, cli, c, s } = connected();
    const wire = flagsOnWire(w);
    expect(cli.setsockopt(c, SOL_SOCKET, SO_LINGER, { onoff: 1, linger: 0 })).toBe(0);
    expect(cli.close(c)).toBe(0);
    settle(w);
    expect(wire).toEqual(['RST']);
    expect(srv.recvfrom(s, 10, 0)).toBe(-ECONNRESET);
    expect(w.host('b').kernel.tcp.rows()).toEqual([]);
  });

  it('a linger time above zero, or linger off, still closes with a FIN', () => {
    for (const linger of [{ onoff: 1, linger: 5 }, { onoff: 0, linger: 0 }]) {
      const { w, cli, c } = connected();
      const wire = flagsOnWire(w);
      expect(cli.setsockopt(c, SOL_SOCKET, SO_LINGER, linger)).toBe(0);
      expect(cli.close(c)).toBe(0);
      settle(w, 1e6);
      expect(wire[0]).toBe('FIN');
    }
  });

  it('an accepted socket takes the listener\'s linger (sk_clone_lock copies the struct sock)', () => {
    const w = twoHosts();
    const srv = w.openTable('a');
    const cli = w.openTable('b');
    const l = srv.socket(AF_INET, SOCK_STREAM, 0);
    expect(srv.setsockopt(l, SOL_SOCKET, SO_LINGER, { onoff: 1, linger: 0 })).toBe(0);
    expect(srv.bind(l, addr(7000))).toBe(0);
    expect(srv.listen(l, 5)).toBe(0);
    const c = cli.socket(AF_INET, SOCK_STREAM, 0);
    expect(cli.connect(c, addr(7000))).toBe(-EINPROGRESS);
    settle(w);
    const acc = srv.accept4(l, 0);
    if (typeof acc === 'number') throw new Error(`accept ${acc}`);
    expect(srv.getsockopt(acc.fd, SOL_SOCKET, SO_LINGER)).toEqual({ onoff: 1, linger: 0 });
    const wire = flagsOnWire(w);
    expect(srv.close(acc.fd)).toBe(0);
    settle(w);
    expect(wire).toEqual(['RST']);
    expect(cli.recvfrom(c, 10, 0)).toBe(-ECONNRESET);
  });
});
