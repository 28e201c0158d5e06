/**
 * The bridge's requests, one handler each: socket calls (socket-ops.ts), name resolution,
 * poll/epoll, time, randomness and futexes, all on the calling Python thread's simulated
 * thread. Thread lifecycle (spawn, join, exit) and hello are handled in program.ts.
 */
import type { SockAddr, Syscalls } from '../stack/syscall/api.ts';
import { AF_INET, AF_UNIX, SOL_SOCKET, SO_DOMAIN, SO_PROTOCOL, SO_TYPE } from '../stack/abi/linux.ts';
import { parseIpv4Addr } from '../stack/wire/addr.ts';
import * as ops from './socket-ops.ts';
import { fromPyError, osError, result, OK, type Reply } from './reply.ts';
import type { PyProcess } from './process.ts';

type Args = readonly unknown[];
export type Handler = (p: PyProcess, sys: Syscalls, a: Args, data: Uint8Array) => Promise<Reply> | Reply;

const n = (v: unknown): number => Number(v);
const timeout = (v: unknown): ops.PyTimeout => (v === null || v === undefined ? null : Number(v));

/** CPython setipaddr(): '' and '<broadcast>' by name, dotted quads as they are, names resolved */
async function sockaddr(p: PyProcess, sys: Syscalls, fd: number, host: unknown, port: unknown): Promise<SockAddr | Reply> {
  if (p.family(fd) === AF_UNIX) return { family: 1, path: String(host) };
  const h = String(host);
  if (h === '') return { family: 2, addr: 0, port: n(port) };
  if (h === '<broadcast>' || h === 'broadcast') return { family: 2, addr: 0xffffffff, port: n(port) };
  const ip = parseIpv4Addr(h);
  if (ip !== undefined) return { family: 2, addr: ip, port: n(port) };
  try {
    const list = await p.resolver(sys).getaddrinfo(h, null, AF_INET, 0, 0, 0);
    return { family: 2, addr: parseIpv4Addr(list[0]!.address)!, port: n(port) };
  } catch (e) {
    return fromPyError(e);
  }
}

const isReply = (a: SockAddr | Reply): a is Reply => !('family' in a);

/** a result that is an fd or a negative errno */
const fdResult = (p: PyProcess, r: number): Reply => (r < 0 ? osError(r) : (p.fds.add(r), result(r)));
const zeroOr = (r: number): Reply => (r < 0 ? osError(r) : OK);

async function lookup(fn: () => Promise<unknown>): Promise<Reply> {
  try {
    return result(await fn());
  } catch (e) {
    return fromPyError(e);
  }
}

export const HANDLERS: Readonly<Record<string, Handler>> = {
  socket: (p, sys, a) => fdResult(p, sys.socket(n(a[0]), n(a[1]), n(a[2]))),
  socketpair: (p, sys, a) => {
    const r = sys.socketpair(n(a[0]), n(a[1]), n(a[2]));
    if (typeof r === 'number') return osError(r);
    p.fds.add(r[0]).add(r[1]);
    return result(r);
  },
  sockinfo: (_p, sys, a) => result([SO_DOMAIN, SO_TYPE, SO_PROTOCOL].map((o) => sys.getsockopt(n(a[0]), SOL_SOCKET, o))),
  close: (p, sys, a) => {
    const fd = n(a[0]);
    p.fds.delete(fd);
    p.modes.forget(fd);
    return zeroOr(sys.close(fd));
  },
  bind: async (p, sys, a) => {
    const addr = await sockaddr(p, sys, n(a[0]), a[1], a[2]);
    return isReply(addr) ? addr : zeroOr(sys.bind(n(a[0]), addr));
  },
  listen: (p, sys, a) => {
    p.listened();
    return zeroOr(sys.listen(n(a[0]), n(a[1])));
  },
  connect: async (p, sys, a) => {
    const fd = n(a[0]);
    const addr = await sockaddr(p, sys, fd, a[1], a[2]);
    if (isReply(addr)) return addr;
    await p.modes.apply(sys, fd, timeout(a[3]));
    return ops.connect(sys, fd, addr, timeout(a[3]));
  },
  accept: async (p, sys, a) => {
    const fd = n(a[0]);
    await p.modes.apply(sys, fd, timeout(a[1]));
    const r = await ops.accept(sys, fd, timeout(a[1]));
    if (Array.isArray(r.r)) p.fds.add(n(r.r[0]));
    return r;
  },
  send: async (p, sys, a, data) => (await p.modes.apply(sys, n(a[0]), timeout(a[2])), ops.send(sys, n(a[0]), data, n(a[1]), null, timeout(a[2]))),
  sendall: async (p, sys, a, data) => (await p.modes.apply(sys, n(a[0]), timeout(a[2])), ops.sendall(sys, n(a[0]), data, n(a[1]), timeout(a[2]))),
  sendto: async (p, sys, a, data) => {
    const fd = n(a[0]);
    const addr = await sockaddr(p, sys, fd, a[2], a[3]);
    if (isReply(addr)) return addr;
    await p.modes.apply(sys, fd, timeout(a[4]));
    return ops.send(sys, fd, data, n(a[1]), addr, timeout(a[4]));
  },
  recv: async (p, sys, a) => (await p.modes.apply(sys, n(a[0]), timeout(a[3])), ops.recv(sys, n(a[0]), n(a[1]), n(a[2]), timeout(a[3]), false)),
  recvfrom: async (p, sys, a) => (await p.modes.apply(sys, n(a[0]), timeout(a[3])), ops.recv(sys, n(a[0]), n(a[1]), n(a[2]), timeout(a[3]), true)),
  shutdown: (_p, sys, a) => zeroOr(sys.shutdown(n(a[0]), n(a[1]))),
  setsockopt: (_p, sys, a) => {
    const v = a[3];
    const value = Array.isArray(v) ? { onoff: n(v[0]), linger: n(v[1]) } : n(v);
    return zeroOr(sys.setsockopt(n(a[0]), n(a[1]), n(a[2]), value));
  },
  getsockopt: (_p, sys, a) => {
    const v = sys.getsockopt(n(a[0]), n(a[1]), n(a[2]));
    if (typeof v === 'number') return v < 0 ? osError(v) : result(v);
    if ('onoff' in v) return result([v.onoff, v.linger]);
    return result([v.tcpi_state]);
  },
  getsockname: (_p, sys, a) => {
    const r = sys.getsockname(n(a[0]));
    return typeof r === 'number' ? osError(r) : result(ops.sockaddrToPy(r));
  },
  getpeername: (_p, sys, a) => {
    const r = sys.getpeername(n(a[0]));
    return typeof r === 'number' ? osError(r) : result(ops.sockaddrToPy(r));
  },
  poll: async (_p, sys, a) => {
    const fds = (a[0] as [number, number][]).map(([fd, events]) => ({ fd, events, revents: 0 }));
    const r = await sys.poll(fds, n(a[1]));
    return r < 0 ? osError(r) : result(fds.filter((f) => f.revents).map((f) => [f.fd, f.revents]));
  },
  epoll_create: (p, sys, a) => fdResult(p, sys.epoll_create1(n(a[0]))),
  epoll_ctl: (_p, sys, a) => zeroOr(sys.epoll_ctl(n(a[0]), n(a[1]), n(a[2]), n(a[1]) === 2 ? null : { events: n(a[3]), data: n(a[2]) })),
  epoll_wait: async (_p, sys, a) => {
    const r = await sys.epoll_wait(n(a[0]), n(a[1]), n(a[2]));
    return typeof r === 'number' ? osError(r) : result(r.map((e) => [e.data, e.events]));
  },
  gethostbyname: (p, sys, a) => lookup(() => p.resolver(sys).gethostbyname(String(a[0]))),
  gethostbyname_ex: (p, sys, a) => lookup(() => p.resolver(sys).gethostbyname_ex(String(a[0]))),
  gethostbyaddr: (p, sys, a) => lookup(() => p.resolver(sys).gethostbyname_ex(String(a[0]))),
  getaddrinfo: (p, sys, a) =>
    lookup(async () => {
      const list = await p.resolver(sys).getaddrinfo(a[0] === null ? null : String(a[0]), a[1] === null ? null : n(a[1]), n(a[2]), n(a[3]), n(a[4]), n(a[5]));
      return list.map((x) => [x.family, x.type, x.proto, x.canonname, [x.address, x.port]]);
    }),
  sleep: async (_p, sys, a) => (await sys.nanosleep(n(a[0])), OK),
  urandom: (p, _sys, a) => result(null, p.urandom(n(a[0]))),
  futex_wait: async (p, sys, a) => result(await sys.futexWait(p.futexKey(n(a[0])), a[1] === null ? null : n(a[1]))),
  futex_wake: (p, sys, a) => result(sys.futexWake(p.futexKey(n(a[0])), n(a[1]))),
  unsupported: (p, _sys, a) => {
    p.report.unsupported.push({ what: String(a[0]), where: String(a[1]) });
    return OK;
  },
  out: () => OK,
};
