/**
 * A stand-in for one simulated host's system calls, enough to exercise the bridge without a
 * World: a clock that moves only in nanosleep/poll/futex timeouts, a TCP socket whose
 * connect is refused, threads that run as plain async functions, futexes, and transcripts.
 */
import type { Syscalls, ThreadHandle, PollFd } from '../../src/stack/syscall/api.ts';
import { ECONNREFUSED, EBADF } from '../../src/stack/abi/errno.ts';
import { streamFor } from '../../src/sim/rng.ts';

export interface FakeHost {
  now: number;
  readonly lines: { stream: 'stdout' | 'stderr'; text: string; at: number }[];
  readonly sys: Syscalls;
}

export function fakeHost(hostname = 'fakehost', seed = 1): FakeHost {
  const random = streamFor(seed, hostname, 'getrandom');
  const host = { now: 0, lines: [] as FakeHost['lines'] } as FakeHost;
  const waiters = new Map<object, (() => void)[]>();
  let nextFd = 3;
  let nextTid = 2;
  const open = new Set<number>();
  const make = (tid: number): Syscalls => {
    const sys: Syscalls = {
      pid: 42, tid, epochSeconds: 1747985640, files: new Map(),
      now: () => host.now,
      clock_gettime: () => host.now,
      socket: () => (open.add(nextFd), nextFd++),
      socketpair: () => [nextFd++, nextFd++],
      bind: () => 0, listen: () => 0, shutdown: () => 0,
      close: (fd) => (open.delete(fd) ? 0 : -EBADF),
      dup: (fd) => (open.has(fd) ? (open.add(nextFd), nextFd++) : -EBADF),
      dup2: (fd, nfd) => (open.has(fd) ? (open.add(nfd), nfd) : -EBADF),
      setsockopt: () => 0, getsockopt: () => 0, fcntl: () => 0, ioctl: () => 0,
      getsockname: () => ({ family: 2, addr: 0, port: 0 }), getpeername: () => -107,
      epoll_create1: () => nextFd++, epoll_ctl: () => 0, pollMask: () => 0,
      gethostname: () => hostname,
      ifNameIndex: () => [[1, 'lo']],
      ifreq: () => -19,
      getrandom: (n) => Uint8Array.from({ length: n }, () => random.nextU32() & 0xff),
      connect: async () => -ECONNREFUSED,
      accept4: async () => -22,
      sendto: async (_fd, d) => d.length,
      sendmmsg: async (_fd, m) => m.length,
      select: async () => [[], [], []],
      recvfrom: async () => ({ data: new Uint8Array(0), addr: null, truncated: false }),
      read: async () => new Uint8Array(0),
      write: async (_fd, d) => d.length,
      poll: async (_fds: PollFd[], ms) => ((host.now += Math.max(0, ms) * 1e6), 0),
      epoll_wait: async (_e, _m, ms) => ((host.now += Math.max(0, ms) * 1e6), []),
      nanosleep: async (d) => {
        host.now += d;
      },
      spawn(name, body) {
        const t = { tid: nextTid++, name, done: false } as { tid: number; name: string; done: boolean };
        const p = Promise.resolve().then(() => body(make(t.tid))).finally(() => (t.done = true));
        joins.set(t, p);
        return t as ThreadHandle;
      },
      join: async (t) => {
        await joins.get(t);
      },
      futexWait: (key, deadline) =>
        new Promise<boolean>((resolve) => {
          const list = waiters.get(key) ?? [];
          list.push(() => resolve(true));
          waiters.set(key, list);
          if (deadline !== null) void Promise.resolve().then(() => ((host.now = Math.max(host.now, deadline)), resolve(false)));
        }),
      futexWake: (key, count) => {
        const list = waiters.get(key) ?? [];
        const woken = list.splice(0, count);
        woken.forEach((w) => w());
        return woken.length;
      },
      external: (p) => p,
      annotate: () => {},
      trace: () => undefined,
      natRedirectUdp: () => {},
      stdout: (text) => host.lines.push({ stream: 'stdout', text, at: host.now }),
      stderr: (text) => host.lines.push({ stream: 'stderr', text, at: host.now }),
    };
    return sys;
  };
  const joins = new Map<object, Promise<void>>();
  (host as { sys: Syscalls }).sys = make(1);
  return host;
}
