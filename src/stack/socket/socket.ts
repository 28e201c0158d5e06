/**
 * Python's socket object on Linux, over a thread's system calls. Blocking follows CPython's
 * Modules/socketmodule.c: with no timeout the fd is blocking and each call blocks in the
 * kernel; with a timeout the fd is O_NONBLOCK and sock_call() polls it with the remaining
 * time (in ms, rounded up) and tries again. A timeout raises TimeoutError('timed out'); an
 * errno raises the OSError subclass for it.
 */
import { EAGAIN, EINPROGRESS, EBADF, EINTR } from '../abi/errno.ts';
import {
  AF_INET, AF_INET6, F_GETFL, F_SETFL, MSG_TRUNC, O_NONBLOCK, POLLERR, POLLHUP, POLLIN, POLLOUT, SOCK_DGRAM,
  SOCK_STREAM, SOL_SOCKET, SO_DOMAIN, SO_ERROR, shutName,
} from '../abi/linux.ts';
import { formatIpv4Addr, parseIpv4Addr } from '../wire/addr.ts';
import { formatIpv6Addr, parseIpv6Addr } from '../wire/ipv6-addr.ts';
import type { Blocking, SockAddr, Syscalls } from '../syscall/api.ts';
import { osError, timeoutError, PyOSError } from './errors.ts';
import { reprBytes } from './repr.ts';

export {
  AF_INET, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOL_SOCKET, SO_ERROR,
  SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_LINGER, SO_RCVTIMEO, SO_SNDTIMEO,
  IPPROTO_IP, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TCP_NODELAY, TCP_INFO, TCP_MAXSEG,
  SHUT_RD, SHUT_WR, SHUT_RDWR, MSG_OOB, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, SO_OOBINLINE,
} from '../abi/linux.ts';
/** Python's listen() default: min(SOMAXCONN, 128) */
export const DEFAULT_BACKLOG = 128;

/** (host, port) for AF_INET; (host, port, flowinfo, scope_id) for AF_INET6, the last two optional */
export type Address = readonly [host: string, port: number, flowinfo?: number, scopeId?: number];
/** a name as Python returns it: a 2-tuple (AF_INET) or a 4-tuple (AF_INET6) */
export type PyAddress = [string, number] | [string, number, number, number];

/** Turns a host name into an address's text for a socket of `family` (the DNS-aware resolver does traffic). */
export type HostResolver = (host: string, family: number) => Promise<string>;

function pyAddr(a: SockAddr | null): PyAddress {
  if (a && a.family === AF_INET6) return [formatIpv6Addr(a.addr), a.port, a.flowinfo, a.scopeId];
  return a && a.family === AF_INET ? [formatIpv4Addr(a.addr), a.port] : ['0.0.0.0', 0];
}

interface SizedLabel {
  readonly n: number;
  readonly label: string;
}

/** A call whose first attempt did not answer: the system call's promise or -errno, or what it threw. */
class Unfinished<T> {
  constructor(readonly first: Blocking<T | number>, readonly threw = false, readonly error: unknown = undefined) {}
}

const dataOf = (r: { readonly data: Uint8Array }): Uint8Array => r.data;

/** -errno → the exception; a result passes through */
function check<T>(r: T | number): T {
  if (typeof r === 'number' && r < 0) throw osError(r);
  return r as T;
}

/** A call's result as Python prints it, for the timeline's program lanes. */
function pyResult(r: unknown): string {
  if (typeof r === 'number') return String(r);
  if (r instanceof Uint8Array) return reprBytes(r);
  if (typeof r === 'object' && r !== null && 'data' in r && r.data instanceof Uint8Array) return reprBytes(r.data);
  if (typeof r === 'object' && r !== null && 'fd' in r) return `<socket.socket fd=${String(r.fd)}>`;
  return 'None';
}

/**
 * The result traceResult hands the timeline: trace() formats it (or not) before it returns, so
 * one module-level function serves every call instead of a closure per call.
 */
let resultToTrace: unknown;
const tracedResult = (): string => pyResult(resultToTrace);

export class PySocket {
  /** seconds, or null for blocking mode (Python's None) */
  private timeout: number | null = null;
  private closed = false;
  /** the last recv and sendall labels, kept for the next call of the same size (a loop's every call) */
  private lastRecv: SizedLabel | undefined;
  private lastSendall: SizedLabel | undefined;

  /**
   * `modeSys` makes the calls that put the fd in `defaultTimeout`'s mode: the program's own
   * calls (`sys`), or, for the Python bridge's socket object made afresh for each call, calls
   * that cost the program no CPU time (CPython keeps the mode in its socket object and makes
   * no system call for it per call). The same calls look up what CPython's socket object
   * knows without asking the kernel (its family).
   */
  constructor(
    private readonly sys: Syscalls,
    readonly fd: number,
    readonly type: number,
    private readonly resolve: HostResolver,
    defaultTimeout: number | null,
    private readonly modeSys: Syscalls = sys,
  ) {
    this.setMode(modeSys, defaultTimeout);
  }

  private get live(): number {
    if (this.closed) throw osError(EBADF);
    return this.fd;
  }

  fileno(): number {
    return this.closed ? -1 : this.fd;
  }

  /** internal_setblocking(): O_NONBLOCK whenever a timeout (even 0) is set */
  settimeout(t: number | null): void {
    this.setMode(this.sys, t);
  }

  private setMode(sys: Syscalls, t: number | null): void {
    if (t !== null && t < 0) throw new RangeError('Timeout value out of range');
    this.timeout = t;
    const fl = sys.fcntl(this.fd, F_GETFL);
    if (fl >= 0) sys.fcntl(this.fd, F_SETFL, t === null ? fl & ~O_NONBLOCK : fl | O_NONBLOCK);
  }

  gettimeout(): number | null {
    return this.timeout;
  }

  setblocking(flag: boolean): void {
    this.settimeout(flag ? null : 0);
  }

  /** The timeline's line for a call that returned `r` (formatted only when the timeline asks). */
  private traceResult(what: string, start: number, r: unknown): void {
    resultToTrace = r;
    this.sys.trace(what, start, tracedResult);
    resultToTrace = undefined;
  }

  /**
   * sock_call_ex(): try `attempt`; while it says EAGAIN and a timeout is set, poll for
   * `events` with the time left and try again. In blocking mode the system call itself blocks.
   * `pick` turns the system call's result into the method's. A call answered at once (the
   * system call returned its result, not a promise) costs one settled promise and no async frame.
   */
  private call<T, R = T>(events: number, what: string, attempt: () => Blocking<T | number>, traced = true, pick?: (r: T) => R): Promise<R> {
    const start = this.sys.now();
    const r = this.attemptNow(what, start, attempt, traced);
    if (r instanceof Unfinished) {
      const first = r.first;
      // blocking mode: the system call waits, its answer is the call's (no async frame kept while it waits)
      if (this.timeout === null && first instanceof Promise) {
        return first.then(
          (res) => (res === -EINTR ? this.finish(events, what, start, new Unfinished<T>(res), attempt, traced, pick) : this.answered(what, start, res, traced, pick)),
          (e: unknown) => this.failed(what, start, e),
        );
      }
      return this.finish(events, what, start, r, attempt, traced, pick);
    }
    return Promise.resolve(pick ? pick(r) : (r as unknown as R));
  }

  /** A blocking call's answer after its wait: the result, or the exception for its errno. */
  private answered<T, R>(what: string, start: number, r: T | number, traced: boolean, pick?: (r: T) => R): R {
    if (typeof r === 'number' && r < 0) return this.failed(what, start, osError(r));
    if (traced) this.traceResult(what, start, r);
    this.sys.annotate(null);
    return pick ? pick(r as T) : (r as unknown as R);
  }

  private failed(what: string, start: number, e: unknown): never {
    if (e instanceof PyOSError) this.sys.trace(what, start, e.pyLine);
    this.sys.annotate(null);
    throw e;
  }

  /** A call's first attempt: its result when the system call answered at once with one, else what is left to do. */
  private attemptNow<T>(what: string, start: number, attempt: () => Blocking<T | number>, traced: boolean): T | Unfinished<T> {
    this.sys.annotate(what);
    let r: Blocking<T | number>;
    try {
      r = attempt();
    } catch (e) {
      return new Unfinished<T>(-1, true, e);
    }
    if (r instanceof Promise || (typeof r === 'number' && r < 0)) return new Unfinished<T>(r);
    if (traced) this.traceResult(what, start, r);
    this.sys.annotate(null);
    return r as T;
  }

  /** The rest of a call whose first attempt did not answer: waiting, EINTR, EAGAIN under a timeout, an error. */
  private async finish<T, R>(events: number, what: string, start: number, u: Unfinished<T>, attempt: () => Blocking<T | number>, traced: boolean, pick?: (r: T) => R): Promise<R> {
    const deadline = this.timeout === null ? null : start + Math.round(this.timeout * 1e9);
    try {
      if (u.threw) throw u.error;
      let pending: Blocking<T | number> | null = u.first;
      for (;;) {
        const r = await (pending ?? attempt());
        pending = null;
        if (typeof r !== 'number' || r >= 0) {
          if (traced) this.traceResult(what, start, r);
          return pick ? pick(r as T) : (r as unknown as R);
        }
        if (r === -EINTR) continue;
        if (r !== -EAGAIN || this.timeout === null || this.timeout === 0) throw osError(r);
        const left = deadline! - this.sys.now();
        if (left <= 0) throw timeoutError();
        const fds = [{ fd: this.fd, events, revents: 0 }];
        const n = await this.sys.poll(fds, Math.ceil(left / 1e6));
        if (n === 0) throw timeoutError();
      }
    } catch (e) {
      if (e instanceof PyOSError) this.sys.trace(what, start, e.pyLine);
      throw e;
    } finally {
      this.sys.annotate(null);
    }
  }

  private async addr(a: Address): Promise<SockAddr> {
    const [host, port] = a;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('port must be 0-65535.');
    if (this.modeSys.getsockopt(this.fd, SOL_SOCKET, SO_DOMAIN) === AF_INET6) return this.addr6(a); // sock_family
    if (host === '' || host === '0.0.0.0') return { family: AF_INET, addr: 0, port };
    if (host === '<broadcast>') return { family: AF_INET, addr: 0xffffffff, port };
    const ip = parseIpv4Addr(host) ?? parseIpv4Addr(await this.resolve(host, AF_INET))!;
    return { family: AF_INET, addr: ip, port };
  }

  /** setipaddr() for AF_INET6: '' is `::`, a literal is itself, a name its first IPv6 address */
  private async addr6([host, port, flowinfo = 0, scopeId = 0]: Address): Promise<SockAddr> {
    const addr = host === '' ? new Uint8Array(16) : parseIpv6Addr(host) ?? parseIpv6Addr(await this.resolve(host, AF_INET6))!;
    return { family: AF_INET6, addr, port, flowinfo, scopeId };
  }

  async bind(a: Address): Promise<void> {
    check(this.sys.bind(this.live, await this.addr(a)));
  }

  listen(backlog = DEFAULT_BACKLOG): void {
    check(this.sys.listen(this.live, backlog));
  }

  async connect(a: Address): Promise<void> {
    const sa = await this.addr(a);
    const start = this.sys.now();
    const what = `connect(('${a[0]}', ${a[1]}))`;
    this.sys.annotate(what);
    let r: number;
    try {
      r = await this.sys.connect(this.live, sa);
    } finally {
      this.sys.annotate(null);
    }
    if (r !== -EINPROGRESS || this.timeout === 0) {
      this.sys.trace(what, start, r < 0 ? osError(r).pyLine : 'None');
      check(r);
      return;
    }
    // internal_connect(): EINPROGRESS in timeout mode → wait for POLLOUT, then read SO_ERROR
    await this.call(POLLOUT | POLLERR | POLLHUP, what, async () => {
      const m = this.sys.pollMask(this.fd);
      return m & (POLLOUT | POLLERR | POLLHUP) ? 0 : -EAGAIN;
    });
    const err = this.sys.getsockopt(this.fd, SOL_SOCKET, SO_ERROR) as number;
    if (err) throw osError(err);
  }

  /** connect_ex(): the errno instead of an exception */
  async connect_ex(a: Address): Promise<number> {
    try {
      await this.connect(a);
      return 0;
    } catch (e) {
      if (e instanceof Error && 'errno' in e && typeof e.errno === 'number') return e.errno;
      throw e;
    }
  }

  async accept(): Promise<[PySocket, PyAddress]> {
    const r = await this.call(POLLIN | POLLERR, 'accept()', () => this.sys.accept4(this.live, 0));
    // accepted sockets inherit the default timeout (sock_initobj), not the listener's
    return [new PySocket(this.sys, r.fd, SOCK_STREAM, this.resolve, null, this.modeSys), pyAddr(r.addr)];
  }

  async send(data: Uint8Array, flags = 0): Promise<number> {
    return this.call(POLLOUT | POLLERR, `send(${data.length} bytes)`, () => this.sys.sendto(this.live, data, flags, null));
  }

  /**
   * Python ≥ 3.5: the timeout bounds the whole call, not each send. A blocking socket's
   * sendall is one send(2) that queues everything, usually at once (no async frame then).
   */
  sendall(data: Uint8Array, flags = 0): Promise<void> {
    const start = this.sys.now();
    if (this.timeout !== null || data.length === 0) return this.sendallFrom(data, flags, start, null);
    const r = this.attemptNow(this.sendallLabel(data.length), start, this.sendFrom(data, 0, flags), false);
    if (r instanceof Unfinished || r < data.length) return this.sendallFrom(data, flags, start, r);
    this.sys.trace(this.sendallLabel(data.length), start, 'None');
    return Promise.resolve();
  }

  /** sock_sendall(): send until all is queued, from what the first attempt did (`first`) if it was made */
  private async sendallFrom(data: Uint8Array, flags: number, start: number, first: number | Unfinished<number> | null): Promise<void> {
    let off = 0;
    if (first instanceof Unfinished) off = await this.finish(POLLOUT | POLLERR, this.sendallLabel(data.length), start, first, this.sendFrom(data, 0, flags), false);
    else if (first !== null) off = first;
    while (off < data.length) {
      off += await this.call(POLLOUT | POLLERR, this.timeout === null ? this.sendallLabel(data.length) : `sendall(${data.length} bytes, ${off} sent)`, this.sendFrom(data, off, flags), false);
    }
    this.sys.trace(this.sendallLabel(data.length), start, 'None');
  }

  private sendFrom(data: Uint8Array, off: number, flags: number): () => Blocking<number> {
    return () => this.sys.sendto(this.live, off ? data.subarray(off) : data, flags, null);
  }

  /** (not async itself: the call's promise is the one the program awaits, one level less per recv) */
  recv(n: number, flags = 0): Promise<Uint8Array> {
    if (n < 0) return Promise.reject(new RangeError('negative buffersize in recv'));
    return this.call(POLLIN | POLLERR | POLLHUP, this.recvLabel(n), () => this.sys.recvfrom(this.live, n, flags), true, dataOf);
  }

  private recvLabel(n: number): string {
    if (this.lastRecv?.n !== n) this.lastRecv = { n, label: `recv(${n})` };
    return this.lastRecv.label;
  }

  private sendallLabel(n: number): string {
    if (this.lastSendall?.n !== n) this.lastSendall = { n, label: `sendall(${n})` };
    return this.lastSendall.label;
  }

  /** recv_into(buffer, nbytes): how many bytes were written into the buffer */
  async recv_into(buffer: Uint8Array, nbytes = 0, flags = 0): Promise<number> {
    const data = await this.recv(nbytes || buffer.length, flags);
    buffer.set(data);
    return data.length;
  }

  async sendto(data: Uint8Array, a: Address, flags = 0): Promise<number> {
    const sa = await this.addr(a);
    return this.call(POLLOUT | POLLERR, `sendto(${data.length} bytes)`, () => this.sys.sendto(this.live, data, flags, sa));
  }

  async recvfrom(n: number, flags = 0): Promise<[Uint8Array, PyAddress]> {
    const r = await this.call(POLLIN | POLLERR, `recvfrom(${n})`, () => this.sys.recvfrom(this.live, n, flags));
    return [r.data, pyAddr(r.addr)];
  }

  /**
   * recvmsg() without ancillary data: the bytes, the sender (null on a stream socket: Linux
   * fills no msg_name there, CPython returns None) and msg_flags (MSG_TRUNC for a datagram cut short).
   */
  async recvmsg(n: number, flags = 0): Promise<[Uint8Array, PyAddress | null, number]> {
    const r = await this.call(POLLIN | POLLERR, `recvmsg(${n})`, () => this.sys.recvfrom(this.live, n, flags));
    return [r.data, this.type === SOCK_STREAM ? null : pyAddr(r.addr), r.truncated ? MSG_TRUNC : 0];
  }

  shutdown(how: number): void {
    this.sys.annotate(`shutdown(${shutName(how)})`);
    try {
      check(this.sys.shutdown(this.live, how));
    } finally {
      this.sys.annotate(null);
    }
  }

  close(): void {
    if (this.closed) return;
    const start = this.sys.now();
    this.sys.annotate('close()');
    this.sys.close(this.fd);
    this.sys.annotate(null);
    this.sys.trace('close()', start, 'None');
    this.closed = true;
  }

  setsockopt(level: number, opt: number, value: number | boolean): void {
    check(this.sys.setsockopt(this.live, level, opt, typeof value === 'boolean' ? (value ? 1 : 0) : value));
  }

  getsockopt(level: number, opt: number): number {
    const r = this.sys.getsockopt(this.live, level, opt);
    if (typeof r !== 'number') throw osError(-22);
    return check(r);
  }

  getsockname(): PyAddress {
    return pyAddr(check(this.sys.getsockname(this.live)));
  }

  getpeername(): PyAddress {
    return pyAddr(check(this.sys.getpeername(this.live)));
  }

  /** repr(sock), as Python prints a socket object */
  toString(): string {
    const kind = this.type === SOCK_STREAM ? 'SocketKind.SOCK_STREAM' : this.type === SOCK_DGRAM ? 'SocketKind.SOCK_DGRAM' : 'SocketKind.SOCK_RAW';
    if (this.closed) return `<socket.socket [closed] fd=-1, family=2, type=${this.type}, proto=0>`;
    const [la, lp] = this.getsockname();
    return `<socket.socket fd=${this.fd}, family=AddressFamily.AF_INET, type=${kind}, proto=0, laddr=('${la}', ${lp})>`;
  }
}
