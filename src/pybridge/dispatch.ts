/**
 * The bridge's requests, one handler each, on the calling Python thread's simulated thread.
 * Socket methods run through the same Python socket layer the TypeScript programs use
 * (src/stack/socket: CPython's blocking, timeout and error rules), so a .py program and its
 * TypeScript rewrite make the same system calls; poll/epoll, time, randomness and futexes
 * are the system calls themselves. Thread lifecycle and hello are handled in program.ts.
 */
import type { SockAddr, Syscalls } from '../stack/syscall/api.ts';
import { BUSY_QUANTUM } from '../stack/syscall/blocking.ts';
import { uncostedOf } from '../stack/syscall/cpu.ts';
import { AF_INET, AF_INET6, AF_UNIX, POLLNVAL, SOCK_STREAM, SOL_SOCKET, SO_DOMAIN, SO_PROTOCOL, SO_TYPE, EPOLL_CTL_DEL, TCP_CA_NAME_MAX, shutName } from '../stack/abi/linux.ts';
import { formatIpv4Addr, parseIpv4Addr } from '../stack/wire/addr.ts';
import { formatIpv6Addr } from '../stack/wire/ipv6-addr.ts';
import { firstAddress } from '../stack/socket/resolver.ts';
import { PySocket, type Address } from '../stack/socket/socket.ts';
import { fromPyError, osError, result, OK, type Reply } from './reply.ts';
import { tcpInfoBytes, TCP_INFO_SIZE_5_15 } from '../stack/abi/tcp-info-struct.ts';
import type { PyProcess } from './process.ts';
import { readAhead } from './ahead.ts';

type Args = readonly unknown[];
export type Handler = (p: PyProcess, sys: Syscalls, a: Args, data: Uint8Array) => Promise<Reply> | Reply;

/** a call the report names (the frames it sends say which call sent them: World.markCause) */
function labelled<T>(sys: Syscalls, what: string, call: () => T): T {
  sys.annotate(what);
  try {
    return call();
  } finally {
    sys.annotate(null);
  }
}

const n = (v: unknown): number => Number(v);
const timeout = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const address = (host: unknown, port: unknown): Address => [String(host), n(port)];

/**
 * The destination as a dotted quad, resolved once here (as PySocket would, through the
 * resolver), or a reply: a resolver error, or not simulated when it lies outside the lab.
 */
async function destination(p: PyProcess, sys: Syscalls, fd: unknown, host: unknown, port: unknown): Promise<Address | Reply> {
  const h = String(host);
  // AF_INET6: the socket layer resolves (getaddrinfo AF_INET6); every IPv6 route is lo's
  // (the family is the socket object's: no system call of the program's, so not costed)
  if (h === '' || h === '<broadcast>' || uncostedOf(sys).getsockopt(n(fd), SOL_SOCKET, SO_DOMAIN) === AF_INET6) return [h, n(port)];
  let ip = parseIpv4Addr(h);
  if (ip === undefined) {
    try {
      ip = await p.resolveHost(sys, h);
    } catch (e) {
      return fromPyError(e);
    }
  }
  if (p.reachable && !p.reachable(ip)) return { e: ['unsupported', 0, `reaching ${formatIpv4Addr(ip)} (outside the scenario)`] };
  return [formatIpv4Addr(ip), n(port)];
}

const isAddress = (a: Address | Reply): a is Address => Array.isArray(a);

export function sockaddrToPy(a: SockAddr | null): unknown {
  if (!a) return null;
  if (a.family === AF_INET6) return [formatIpv6Addr(a.addr), a.port, a.flowinfo, a.scopeId];
  return a.family === AF_INET ? [formatIpv4Addr(a.addr), a.port] : a.path;
}

/** the Python socket object for `fd` on this thread, in the timeout mode the program set */
function sock(p: PyProcess, sys: Syscalls, fd: unknown, t: unknown, type = SOCK_STREAM): PySocket {
  return new PySocket(sys, n(fd), type, (host, family) => firstAddress(p.resolver(sys), host, family), timeout(t), uncostedOf(sys));
}

/** run a socket-layer call: its value, or the Python exception it raised */
async function py(call: () => unknown): Promise<Reply> {
  try {
    return result(await call());
  } catch (e) {
    return fromPyError(e);
  }
}

/**
 * A new fd at the number the child reserved for it (src/pybridge/python/_labwire/fds.py: a
 * placeholder real fd holds each simulated fd's number, so the program's files and sockets
 * share one numbering). The table gave `r`, its lowest free fd; when the program's own files
 * hold lower numbers the child reserved another, and dup2 moves the new file there.
 */
function placed(sys: Syscalls, r: number, at: unknown): number {
  if (r < 0 || at === undefined || at === null || n(at) === r) return r;
  // taken in the table by an fd the child holds no number for (the resolver's socket while
  // another thread looks a name up): left where it is rather than closed by dup2
  if ((sys.pollMask(n(at)) & POLLNVAL) === 0) return r;
  const moved = sys.dup2(r, n(at));
  if (moved < 0) return r;
  sys.close(r);
  return moved;
}

const fdResult = (p: PyProcess, sys: Syscalls, r: number, at: unknown): Reply => {
  const fd = placed(sys, r, at);
  return fd < 0 ? osError(fd) : (p.fds.add(fd), result(fd));
};
const zeroOr = (r: number): Reply => (r < 0 ? osError(r) : OK);

async function recv(p: PyProcess, sys: Syscalls, a: Args): Promise<Reply> {
  const flags = n(a[2]);
  try {
    const got = await sock(p, sys, a[0], a[3]).recv(n(a[1]), flags);
    // only the second recv in a row on one fd gets the queue sent ahead (a recv/send echo loop never)
    const ahead = flags === 0 && got.length && p.readAhead && p.lastRecvFd === n(a[0]);
    return ahead ? readAhead(sys, n(a[0]), got) : result(null, got);
  } catch (e) {
    return fromPyError(e);
  }
}

async function recvfrom(p: PyProcess, sys: Syscalls, a: Args): Promise<Reply> {
  try {
    const [data, from] = await sock(p, sys, a[0], a[3]).recvfrom(n(a[1]), n(a[2]));
    return result(from, data);
  } catch (e) {
    return fromPyError(e);
  }
}

async function recvmsg(p: PyProcess, sys: Syscalls, a: Args): Promise<Reply> {
  try {
    const type = uncostedOf(sys).getsockopt(n(a[0]), SOL_SOCKET, SO_TYPE); // the socket object's type
    const [data, from, msgFlags] = await sock(p, sys, a[0], a[3], typeof type === 'number' && type > 0 ? type : SOCK_STREAM).recvmsg(n(a[1]), n(a[2]));
    return result([from, msgFlags], data);
  } catch (e) {
    return fromPyError(e);
  }
}

export const HANDLERS: Readonly<Record<string, Handler>> = {
  socket: (p, sys, a) => fdResult(p, sys, sys.socket(n(a[0]), n(a[1]), n(a[2])), a[3]),
  socketpair: (p, sys, a) => {
    const r = sys.socketpair(n(a[0]), n(a[1]), n(a[2]));
    if (typeof r === 'number') return osError(r);
    // the first end's number may be the one the table gave the second: then the second moves
    // first (the reserved numbers ascend, as the table's do, so the two never swap)
    const ends = [r[0], r[1]];
    for (const i of a[3] !== undefined && n(a[3]) === r[1] ? [1, 0] : [0, 1]) ends[i] = placed(sys, r[i]!, a[3 + i]);
    p.fds.add(ends[0]!).add(ends[1]!);
    return result(ends);
  },
  // socket(fileno=fd): CPython's sock_initobj calls getsockname() (the fd must be a socket) and
  // getsockopt() for SO_TYPE and SO_PROTOCOL only when the program gave none (a[1], a[2] true);
  // those are the program's system calls, the rest is the bridge's bookkeeping
  sockinfo: (_p, sys, a) => {
    const fd = n(a[0]);
    sys.getsockname(fd);
    if (a[1] === true) sys.getsockopt(fd, SOL_SOCKET, SO_TYPE);
    if (a[2] === true) sys.getsockopt(fd, SOL_SOCKET, SO_PROTOCOL);
    return result([SO_DOMAIN, SO_TYPE, SO_PROTOCOL].map((o) => uncostedOf(sys).getsockopt(fd, SOL_SOCKET, o)));
  },
  dup: (p, sys, a) => fdResult(p, sys, sys.dup(n(a[0])), a[1]),
  if_nameindex: (_p, sys) => result(sys.ifNameIndex()),
  close: (p, sys, a) => {
    p.fds.delete(n(a[0]));
    p.sending.delete(n(a[0]));
    return zeroOr(labelled(sys, 'close()', () => sys.close(n(a[0]))));
  },
  bind: (p, sys, a) => {
    if (uncostedOf(sys).getsockopt(n(a[0]), SOL_SOCKET, SO_DOMAIN) === AF_UNIX) return zeroOr(sys.bind(n(a[0]), { family: 1, path: String(a[1]) }));
    return py(() => sock(p, sys, a[0], null).bind(address(a[1], a[2])));
  },
  listen: (p, sys, a) => {
    p.isServer = true;
    return zeroOr(sys.listen(n(a[0]), n(a[1])));
  },
  connect: async (p, sys, a) => {
    const to = await destination(p, sys, a[0], a[1], a[2]);
    return isAddress(to) ? py(() => sock(p, sys, a[0], a[3]).connect(to)) : to;
  },
  accept: (p, sys, a) =>
    py(async () => {
      const [s, from] = await sock(p, sys, a[0], a[1]).accept();
      const fd = placed(sys, s.fd, a[2]);
      p.fds.add(fd);
      return [fd, from];
    }),
  send: (p, sys, a, data) => py(() => sock(p, sys, a[0], a[2]).send(data, n(a[1]))),
  sendall: (p, sys, a, data) => py(() => sock(p, sys, a[0], a[2]).sendall(data, n(a[1]))),
  sendto: async (p, sys, a, data) => {
    const to = await destination(p, sys, a[0], a[2], a[3]);
    return isAddress(to) ? py(() => sock(p, sys, a[0], a[4]).sendto(data, to, n(a[1]))) : to;
  },
  recv,
  recvfrom,
  recvmsg,
  shutdown: (_p, sys, a) => zeroOr(labelled(sys, `shutdown(${shutName(n(a[1]))})`, () => sys.shutdown(n(a[0]), n(a[1])))),
  setsockopt: (_p, sys, a) => {
    const v = a[3];
    const value = Array.isArray(v) ? { onoff: n(v[0]), linger: n(v[1]) } : typeof v === 'string' ? v : n(v);
    return zeroOr(sys.setsockopt(n(a[0]), n(a[1]), n(a[2]), value));
  },
  getsockopt: (_p, sys, a) => {
    const v = sys.getsockopt(n(a[0]), n(a[1]), n(a[2]));
    if (typeof v === 'number') return v < 0 ? osError(v) : result(v);
    // a name (TCP_CONGESTION): char[TCP_CA_NAME_MAX], NUL-padded
    if (typeof v === 'string') return result(null, Buffer.from(v.padEnd(TCP_CA_NAME_MAX, '\0'), 'latin1'));
    if ('onoff' in v) return result([v.onoff, v.linger]);
    // struct tcp_info as the kernel copies it; the shim cuts it to the program's buflen
    return result(null, tcpInfoBytes(v, Number.MAX_SAFE_INTEGER, v.structSize ?? TCP_INFO_SIZE_5_15));
  },
  /** ioctl(2) whose result the kernel puts at the pointer (SIOCINQ, SIOCOUTQ…): the int; the shim writes it */
  ioctl: (_p, sys, a) => {
    const v = sys.ioctl(n(a[0]), n(a[1]));
    return v < 0 ? osError(v) : result(v);
  },
  /** ioctl(2) with a struct ifreq (SIOCGIFADDR…): the bytes the kernel writes into its union; the shim puts them after the name */
  ifreq: (_p, sys, a) => {
    const r = sys.ifreq(n(a[0]), n(a[1]), String(a[2]));
    return typeof r === 'number' ? osError(r) : result(null, r);
  },
  getsockname: (_p, sys, a) => {
    const r = sys.getsockname(n(a[0]));
    return typeof r === 'number' ? osError(r) : result(sockaddrToPy(r));
  },
  getpeername: (_p, sys, a) => {
    const r = sys.getpeername(n(a[0]));
    return typeof r === 'number' ? osError(r) : result(sockaddrToPy(r));
  },
  poll: async (_p, sys, a) => {
    const fds = (a[0] as [number, number][]).map(([fd, events]) => ({ fd, events, revents: 0 }));
    const r = await sys.poll(fds, n(a[1]));
    return r < 0 ? osError(r) : result(fds.filter((f) => f.revents).map((f) => [f.fd, f.revents]));
  },
  epoll_create: (p, sys, a) => fdResult(p, sys, sys.epoll_create1(n(a[0])), a[1]),
  epoll_ctl: (_p, sys, a) => zeroOr(sys.epoll_ctl(n(a[0]), n(a[1]), n(a[2]), n(a[1]) === EPOLL_CTL_DEL ? null : { events: n(a[3]), data: n(a[2]) })),
  epoll_wait: async (_p, sys, a) => {
    const r = await sys.epoll_wait(n(a[0]), n(a[1]), n(a[2]));
    return typeof r === 'number' ? osError(r) : result(r.map((e) => [e.data, e.events]));
  },
  gethostbyname: (p, sys, a) => py(() => p.resolver(sys).gethostbyname(String(a[0]))),
  gethostbyname_ex: (p, sys, a) => py(() => p.resolver(sys).gethostbyname_ex(String(a[0]))),
  gethostbyaddr: (p, sys, a) => py(() => p.resolver(sys).gethostbyaddr(String(a[0]))),
  getaddrinfo: (p, sys, a) =>
    py(async () => {
      const host = a[0] === null ? null : String(a[0]);
      const list = await p.resolver(sys).getaddrinfo(host, a[1] === null ? null : n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5]));
      return list.map((x) => [x.family, x.type, x.proto, x.canonname, x.family === AF_INET6 ? [x.address, x.port, 0, 0] : [x.address, x.port]]);
    }),
  sleep: async (_p, sys, a) => (await sys.nanosleep(n(a[0])), OK),
  /**
   * clock reads only: let the system-call layer's busy-wait rule move this thread's clock on by
   * its quantum (with a CPU profile each poll costs its own time too, so wait for the quantum,
   * not for the first move: a few µs per 1000 Python-side calls would take millions of rounds)
   */
  spin: async (_p, sys) => {
    const t = sys.now();
    while (sys.now() - t < BUSY_QUANTUM) await sys.poll([], 0);
    return OK;
  },
  urandom: (_p, sys, a) => result(null, sys.getrandom(n(a[0]))),
  futex_wait: async (p, sys, a) => result(await sys.futexWait(p.futexKey(n(a[0])), a[1] === null ? null : n(a[1]))),
  futex_wake: (p, sys, a) => result(sys.futexWake(p.futexKey(n(a[0])), n(a[1]))),
  unsupported: (p, _sys, a) => {
    p.report.unsupported.push({ what: String(a[0]), where: String(a[1]) });
    return OK;
  },
  out: () => OK,
};
