/**
 * Python's socket methods as CPython's Modules/socketmodule.c runs them on Linux, over one
 * simulated thread's system calls. Blocking mode (timeout None) makes the blocking call and
 * parks in the kernel; timeout 0 makes the call on an O_NONBLOCK fd (EAGAIN is
 * BlockingIOError); a positive timeout polls first, then calls (sock_call_ex), until the
 * deadline. The fd's O_NONBLOCK follows the Python timeout, as internal_setblocking() sets it.
 */
import type { SockAddr, Syscalls } from '../stack/syscall/api.ts';
import { EAGAIN, EINPROGRESS } from '../stack/errno.ts';
import { F_GETFL, F_SETFL, O_NONBLOCK, POLLIN, POLLOUT, POLLERR, SOCK_CLOEXEC, SOL_SOCKET, SO_ERROR } from '../stack/abi/linux.ts';
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { osError, result, TIMED_OUT, OK, type Reply } from './reply.ts';

/** seconds (Python float), null for blocking mode */
export type PyTimeout = number | null;

const TIMEOUT = Symbol('timeout');

/** the per-fd O_NONBLOCK state the bridge has set, so it changes the flag only when Python's mode does */
export class FdModes {
  private readonly nonblocking = new Map<number, boolean>();

  async apply(sys: Syscalls, fd: number, timeout: PyTimeout): Promise<void> {
    const want = timeout !== null;
    if ((this.nonblocking.get(fd) ?? false) === want) return;
    const flags = sys.fcntl(fd, F_GETFL);
    if (flags < 0) return;
    sys.fcntl(fd, F_SETFL, want ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    this.nonblocking.set(fd, want);
  }

  forget(fd: number): void {
    this.nonblocking.delete(fd);
  }
}

export function sockaddrToPy(a: SockAddr | null): unknown {
  if (!a) return null;
  return a.family === 2 ? [formatIpv4Addr(a.addr), a.port] : a.path;
}

/** _PyTime_FromSecondsObject(_PyTime_ROUND_TIMEOUT): a timeout rounds up to whole ns */
export function timeoutNs(t: number): number {
  return Math.ceil(t * 1e9);
}

/**
 * sock_call_ex: with a timeout, poll for `events` (ms rounded up, _PyTime_ROUND_CEILING)
 * and try the non-blocking call again after each readiness, until the deadline.
 */
export async function sockCall<T>(sys: Syscalls, fd: number, timeout: PyTimeout, events: number, attempt: () => Promise<T | number> | T | number, deadline?: number): Promise<T | number | typeof TIMEOUT> {
  if (timeout === null || timeout === 0) return attempt();
  const end = deadline ?? sys.now() + timeoutNs(timeout);
  for (;;) {
    const remaining = end - sys.now();
    if (remaining < 0) return TIMEOUT;
    const n = await sys.poll([{ fd, events, revents: 0 }], Math.ceil(remaining / 1e6));
    if (n === 0) return TIMEOUT;
    if (n < 0) return n;
    const r = await attempt();
    if (r !== -EAGAIN) return r;
  }
}

/** a call's outcome as a reply: a number below zero is an errno */
function settle<T>(r: T | number | typeof TIMEOUT, ok: (v: T | number) => Reply): Reply {
  if (r === TIMEOUT) return TIMED_OUT;
  if (typeof r === 'number' && r < 0) return osError(r);
  return ok(r);
}

export async function recv(sys: Syscalls, fd: number, n: number, flags: number, timeout: PyTimeout, withAddr: boolean): Promise<Reply> {
  const r = await sockCall(sys, fd, timeout, POLLIN, () => sys.recvfrom(fd, n, flags));
  return settle(r, (v) => {
    const got = v as Exclude<typeof v, number>;
    return result(withAddr ? sockaddrToPy(got.addr) : null, got.data);
  });
}

export async function send(sys: Syscalls, fd: number, data: Uint8Array, flags: number, addr: SockAddr | null, timeout: PyTimeout): Promise<Reply> {
  const r = await sockCall(sys, fd, timeout, POLLOUT, () => sys.sendto(fd, data, flags, addr));
  return settle(r, (v) => result(v));
}

/** sendall: Python ≥ 3.5 bounds the whole call by one deadline */
export async function sendall(sys: Syscalls, fd: number, data: Uint8Array, flags: number, timeout: PyTimeout): Promise<Reply> {
  const deadline = timeout ? sys.now() + timeoutNs(timeout) : undefined;
  let off = 0;
  while (off < data.length) {
    const r = await sockCall(sys, fd, timeout, POLLOUT, () => sys.sendto(fd, data.subarray(off), flags, null), deadline);
    if (r === TIMEOUT) return TIMED_OUT;
    if (r < 0) return osError(r);
    off += r;
  }
  return OK;
}

export async function accept(sys: Syscalls, fd: number, timeout: PyTimeout): Promise<Reply> {
  const r = await sockCall(sys, fd, timeout, POLLIN, () => sys.accept4(fd, SOCK_CLOEXEC));
  return settle(r, (v) => {
    const a = v as Exclude<typeof v, number>;
    return result([a.fd, sockaddrToPy(a.addr)]);
  });
}

/** internal_connect: EINPROGRESS, then wait for POLLOUT and read SO_ERROR */
export async function connect(sys: Syscalls, fd: number, addr: SockAddr, timeout: PyTimeout): Promise<Reply> {
  const r = await sys.connect(fd, addr);
  if (r !== -EINPROGRESS || timeout === null || timeout === 0) return r < 0 ? osError(r) : OK;
  const ready = await sockCall(sys, fd, timeout, POLLOUT | POLLERR, () => 0);
  if (ready === TIMEOUT) return TIMED_OUT;
  const err = sys.getsockopt(fd, SOL_SOCKET, SO_ERROR);
  return typeof err === 'number' && err !== 0 ? osError(err) : OK;
}
