/**
 * The blocking half of the system calls, per thread: each call tries the process's table,
 * and where a blocking fd would wait (the table said -EAGAIN / -EINPROGRESS) the thread
 * parks on the fd's readiness, with SO_RCVTIMEO / SO_SNDTIMEO or the call's timeout as a
 * deadline, and tries again when woken (Linux's sk_wait_data / sk_stream_wait_memory /
 * inet_wait_for_connect loops). Non-blocking fds and MSG_DONTWAIT return at once. A call
 * answered without waiting returns its result itself (a recv loop's usual call: no promise,
 * no closure); only a wait makes a promise chain (parkOn), never an async frame.
 *
 * A thread that keeps making calls that achieve nothing (EAGAIN, zero-timeout polls, clock
 * reads) is busy-waiting; after BUSY_CALLS such calls in a row its clock moves on by
 * BUSY_QUANTUM, as a real CPU would spend time, and the host records it for the report.
 */
import type { Nanos } from '../nanos.ts';
import type { Accepted, Blocking, EpollEvent, PollFd, Received, SockAddr, SockOptArg, SockOptValue, Syscalls, ThreadHandle } from './api.ts';
import type { Ipv4Addr } from '../wire/addr.ts';
import type { SyscallTable } from './table.ts';
import { Receiving, Sending, type Waiting } from './waiting.ts';
import { EAGAIN, EALREADY, EBADF, EINPROGRESS, EINVAL } from '../abi/errno.ts';
import {
  CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_REALTIME, CLOCK_THREAD_CPUTIME_ID, MSG_DONTWAIT, MSG_OOB, MSG_WAITALL,
  POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI,
} from '../abi/linux.ts';

/** fruitless calls in a row before the thread's clock moves on */
export const BUSY_CALLS = 1000;
/** how far it moves: one scheduler tick at HZ=1000 */
export const BUSY_QUANTUM: Nanos = 1_000_000;

/** What the simulator gives a thread: its identity, the clock, parking, threads and output. */
export interface ThreadHost {
  readonly pid: number;
  readonly tid: number;
  now(): Nanos;
  readonly epochSeconds: number;
  /**
   * Park until one of `fds` has a poll mask meeting its `events` (POLLERR/POLLHUP/POLLNVAL
   * always count) or the deadline passes. `what` names the call for stall reports.
   */
  block(fds: readonly number[], events: readonly number[], deadline: Nanos | null, what: string): Promise<void>;
  /** the thread made BUSY_CALLS fruitless calls: park it for BUSY_QUANTUM and note it */
  busy(what: string): Promise<void>;
  spawn(name: string, body: (sys: Syscalls) => Promise<void>): ThreadHandle;
  join(thread: ThreadHandle): Promise<void>;
  futexWait(key: object, deadline: Nanos | null): Promise<boolean>;
  futexWake(key: object, count: number): number;
  external<T>(p: Promise<T>): Promise<T>;
  /** the library call in progress changed (annotate) */
  label(what: string | null): void;
  /** a library call returned (the teaching timeline's program lanes) */
  trace(name: string, start: Nanos, result: string | (() => string)): void;
  stdout(line: string): void;
  stderr(line: string): void;
  readonly files: Map<string, Uint8Array>;
}

const IN = POLLIN | POLLERR | POLLHUP;
const OUT = POLLOUT | POLLERR | POLLHUP;
/** the events of a one-fd wait (shared: a wait only reads them) */
const WAIT_IN: readonly number[] = [IN];
const WAIT_OUT: readonly number[] = [OUT];

function msDeadline(now: Nanos, timeoutMs: number): Nanos | null {
  return timeoutMs < 0 ? null : now + Math.round(timeoutMs * 1e6);
}

/** Builds the Syscalls of one thread over its process's table. */
export function threadSyscalls(table: SyscallTable, host: ThreadHost): Syscalls {
  return new ThreadSyscalls(table, host);
}

/**
 * One thread's system calls: a class, so a thread costs its few fields and not a closure per
 * call (a thread-per-client server holds thousands of threads; tsx also names every closure
 * it makes). Calls made from inside other calls (sendmmsg's sendto, read's recvfrom, select's
 * poll) are this object's own: a CPU-cost wrapper (cpu.ts) binds the methods to the object, so
 * it charges only the calls the program made.
 */
class ThreadSyscalls implements Syscalls {
  readonly pid: number;
  readonly tid: number;
  readonly epochSeconds: number;
  readonly files: Map<string, Uint8Array>;
  private fruitless = 0;
  private label: string | null = null;
  // the last wait's description, reused while a loop blocks in the same call (no string work per wait)
  private described: { label: string | null; what: string; text: string } | null = null;
  private recvWhat: { n: number; text: string } | null = null;

  constructor(private readonly table: SyscallTable, private readonly host: ThreadHost) {
    this.pid = host.pid;
    this.tid = host.tid;
    this.epochSeconds = host.epochSeconds;
    this.files = host.files;
  }

  private block(fds: readonly number[], events: readonly number[], deadline: Nanos | null, what: string): Promise<void> {
    let d = this.described;
    if (d === null || d.label !== this.label || d.what !== what) this.described = d = { label: this.label, what, text: describeWait(this.label, what) };
    return this.host.block(fds, events, deadline, d.text);
  }

  // progress, idle and wouldBlock serve the waits of waiting.ts too (ThreadCalls; this class is not exported: they are no Syscalls API)
  progress(): void {
    this.fruitless = 0;
  }

  /** A call achieved nothing and returns `r`: at once, or after BUSY_QUANTUM when the thread has been busy-waiting. */
  idle<T>(what: string, r: T): Blocking<T> {
    if (++this.fruitless < BUSY_CALLS) return r;
    this.fruitless = 0;
    return this.host.busy(what).then(() => r);
  }

  private deadlineAfter(timeo: number): Nanos | null {
    return timeo > 0 ? this.table.timeoutDeadline(this.host.now(), timeo) : null;
  }

  private expired(deadline: Nanos | null): boolean {
    return deadline !== null && this.host.now() >= deadline;
  }

  wouldBlock(fd: number, flags: number): boolean {
    return this.table.nonBlocking(fd) || (flags & MSG_DONTWAIT) !== 0;
  }

  now(): Nanos {
    return this.host.now();
  }

  clock_gettime(clock: number): Nanos {
    switch (clock) {
      case CLOCK_REALTIME:
        return this.host.epochSeconds * 1e9 + this.host.now();
      case CLOCK_MONOTONIC:
      case CLOCK_PROCESS_CPUTIME_ID:
      case CLOCK_THREAD_CPUTIME_ID:
        return this.host.now();
      default:
        return -EINVAL;
    }
  }

  socket(domain: number, type: number, protocol: number): number { return this.table.socket(domain, type, protocol); }
  socketpair(domain: number, type: number, protocol: number): readonly [number, number] | number { return this.table.socketpair(domain, type, protocol); }
  bind(fd: number, addr: SockAddr): number { return this.table.bind(fd, addr); }
  listen(fd: number, backlog: number): number { return this.table.listen(fd, backlog); }
  shutdown(fd: number, how: number): number { return this.table.shutdown(fd, how); }
  dup(fd: number): number { return this.table.dup(fd); }
  dup2(fd: number, nfd: number): number { return this.table.dup2(fd, nfd); }
  close(fd: number): number { return this.table.close(fd); }
  setsockopt(fd: number, level: number, name: number, value: SockOptArg): number { return this.table.setsockopt(fd, level, name, value); }
  getsockopt(fd: number, level: number, name: number): SockOptValue { return this.table.getsockopt(fd, level, name); }
  fcntl(fd: number, cmd: number, arg?: number): number { return this.table.fcntl(fd, cmd, arg); }
  ioctl(fd: number, request: number): number { return this.table.ioctl(fd, request); }
  getsockname(fd: number): SockAddr | number { return this.table.getsockname(fd); }
  getpeername(fd: number): SockAddr | number { return this.table.getpeername(fd); }
  epoll_create1(flags: number): number { return this.table.epoll_create1(flags); }
  epoll_ctl(epfd: number, op: number, fd: number, event: EpollEvent | null): number { return this.table.epoll_ctl(epfd, op, fd, event); }
  pollMask(fd: number): number { return this.table.pollMask(fd); }
  gethostname(): string { return this.table.gethostname(); }
  ifNameIndex(): readonly (readonly [number, string])[] { return this.table.ifNameIndex(); }
  ifreq(fd: number, request: number, name: string): Uint8Array | number { return this.table.ifreq(fd, request, name); }
  getrandom(n: number): Uint8Array { return this.table.getrandom(n); }
  natRedirectUdp(addr: Ipv4Addr, fromPort: number, toPort: number): void { this.table.natRedirectUdp(addr, fromPort, toPort); }

  /**
   * The wait of a blocking call (Linux's sk_wait_event loops): park on `fds` until one is
   * ready, then `w.again()`: the call's answer, or undefined to wait once more, unless the
   * deadline has passed (`w.timedOut()`). A promise chain, not an async frame: an idle
   * connection's thread keeps one small closure while it waits.
   */
  private parkOn<T>(fds: readonly number[], events: readonly number[], deadline: Nanos | null, what: string | (() => string), w: Waiting<T>): Promise<T> {
    return this.block(fds, events, deadline, typeof what === 'string' ? what : what()).then(() => {
      const r = w.again();
      if (r !== undefined) return r;
      if (this.expired(deadline)) return w.timedOut();
      return this.parkOn(fds, events, deadline, what, w);
    });
  }

  connect(fd: number, addr: SockAddr): Blocking<number> {
    const table = this.table;
    const r = table.connect(fd, addr);
    if (r !== -EINPROGRESS || table.nonBlocking(fd)) return r;
    // inet_wait_for_connect(): until the handshake ends or SO_SNDTIMEO passes
    const deadline = this.deadlineAfter(table.timeouts(fd).snd);
    return this.parkOn([fd], WAIT_OUT, deadline, 'connect()', {
      again() {
        const res = table.connectResult(fd);
        return res !== -EALREADY ? res : undefined;
      },
      timedOut() { return -EINPROGRESS; },
    });
  }

  accept4(fd: number, flags: number): Blocking<Accepted | number> {
    const r = this.acceptNow(fd, flags);
    if (r !== undefined) return r;
    const deadline = this.deadlineAfter(this.table.timeouts(fd).rcv);
    if (this.expired(deadline)) return -EAGAIN;
    const sys = this; // (methods, not arrow properties: tsx names every arrow a property holds, each time)
    return this.parkOn([fd], WAIT_IN, deadline, 'accept()', {
      again() { return sys.acceptNow(fd, flags); },
      timedOut() { return -EAGAIN; },
    });
  }

  /** accept4 once: the answer, or undefined when a blocking fd must wait */
  private acceptNow(fd: number, flags: number): Blocking<Accepted | number> | undefined {
    const r = this.table.accept4(fd, flags);
    if (r !== -EAGAIN) {
      this.progress();
      return r;
    }
    return this.table.nonBlocking(fd) ? this.idle(`accept4(${fd})`, r) : undefined;
  }

  /** A blocking stream send queues everything (tcp_sendmsg waits for room: sk_stream_wait_memory); a datagram goes whole. */
  sendto(fd: number, data: Uint8Array, flags: number, addr: SockAddr | null): Blocking<number> {
    const table = this.table;
    const r = table.sendto(fd, data, flags, addr);
    // the usual call: all of it queued at once (nothing else made)
    if (r >= data.length) {
      this.progress();
      return r;
    }
    const call = new Sending(this, table, fd, data, flags, addr, r);
    const now = call.onward();
    if (now !== undefined) return now;
    const deadline = this.deadlineAfter(table.timeouts(fd).snd);
    if (this.expired(deadline)) return call.timedOut();
    return this.parkOn([fd], WAIT_OUT, deadline, () => call.what(), call);
  }

  async sendmmsg(fd: number, msgs: readonly { data: Uint8Array; addr: SockAddr | null }[], flags: number): Promise<number> {
    let n = 0;
    for (const m of msgs) {
      const r = await this.sendto(fd, m.data, flags, m.addr);
      if (r < 0) return n > 0 ? n : r;
      n++;
    }
    return n;
  }

  /**
   * A blocking receive waits for data, end of stream, an error or SO_RCVTIMEO (sk_wait_data);
   * MSG_WAITALL on a stream gathers `n` bytes over several waits.
   */
  recvfrom(fd: number, n: number, flags: number): Blocking<Received | number> {
    const table = this.table;
    const r = table.recvfrom(fd, n, flags);
    // recv(MSG_OOB) never waits, whatever the socket's mode (tcp_recv_urg)
    if (flags & MSG_OOB) {
      if (r === -EAGAIN) return this.idle('recv(MSG_OOB)', r);
      this.progress();
      return r;
    }
    // the usual call: data there, no MSG_WAITALL to gather more (nothing else made)
    if (typeof r !== 'number' && (flags & MSG_WAITALL) === 0) {
      this.progress();
      return r;
    }
    const call = new Receiving(this, table, fd, n, flags, r);
    const now = call.onward();
    if (now !== undefined) return now;
    const deadline = this.deadlineAfter(table.timeouts(fd).rcv);
    if (this.expired(deadline)) return call.timedOut();
    return this.parkOn([fd], WAIT_IN, deadline, this.recvText(n), call);
  }

  private recvText(n: number): string {
    if (this.recvWhat?.n !== n) this.recvWhat = { n, text: `recv(${n})` };
    return this.recvWhat.text;
  }

  read(fd: number, n: number): Blocking<Uint8Array | number> {
    const r = this.recvfrom(fd, n, 0);
    if (r instanceof Promise) return r.then(dataOrErrno);
    return dataOrErrno(r);
  }

  write(fd: number, data: Uint8Array): Blocking<number> {
    return this.sendto(fd, data, 0, null);
  }

  poll(fds: PollFd[], timeoutMs: number): Blocking<number> {
    const r = this.pollAnswer(fds, timeoutMs);
    if (r !== undefined) return r;
    const deadline = msDeadline(this.host.now(), timeoutMs);
    if (this.expired(deadline)) return 0;
    const live = fds.filter((p) => p.fd >= 0);
    const sys = this;
    return this.parkOn(live.map((p) => p.fd), live.map((p) => p.events), deadline, `poll(${live.length} fds)`, {
      again() { return sys.pollAnswer(fds, timeoutMs); },
      timedOut() { return 0; },
    });
  }

  /** poll once: how many are ready, or undefined when the call must wait */
  private pollAnswer(fds: PollFd[], timeoutMs: number): Blocking<number> | undefined {
    const ready = this.pollNow(fds);
    if (ready) {
      this.progress();
      return ready;
    }
    return timeoutMs === 0 ? this.idle('poll(timeout=0)', 0) : undefined;
  }

  /** how many of `fds` are ready, each one's revents filled in */
  private pollNow(fds: PollFd[]): number {
    let ready = 0;
    for (const p of fds) {
      if (p.fd < 0) {
        p.revents = 0;
        continue;
      }
      const m = this.table.pollMask(p.fd);
      p.revents = m & (p.events | POLLERR | POLLHUP | POLLNVAL);
      if (p.revents) ready++;
    }
    return ready;
  }

  select(r: readonly number[], w: readonly number[], x: readonly number[], timeoutMs: number): Blocking<[number[], number[], number[]] | number> {
    // fs/select.c's bits: POLLIN_SET, POLLOUT_SET, POLLEX_SET over each fd's poll mask
    const fds = [...new Set([...r, ...w, ...x])].sort((a, b) => a - b);
    const list: PollFd[] = fds.map((fd) => ({ fd, events: (r.includes(fd) ? POLLIN : 0) | (w.includes(fd) ? POLLOUT : 0) | (x.includes(fd) ? POLLPRI : 0), revents: 0 }));
    if (list.some((p) => this.table.pollMask(p.fd) & POLLNVAL)) return -EBADF;
    const n = this.poll(list, timeoutMs);
    return n instanceof Promise ? n.then((k) => selected(list, r, w, x, k)) : selected(list, r, w, x, n);
  }

  epoll_wait(epfd: number, max: number, timeoutMs: number): Blocking<EpollEvent[] | number> {
    const r = this.epollAnswer(epfd, max, timeoutMs);
    if (r !== undefined) return r;
    const deadline = msDeadline(this.host.now(), timeoutMs);
    if (this.expired(deadline)) return [];
    const sys = this;
    return this.parkOn([epfd], [POLLIN], deadline, 'epoll_wait()', {
      again() { return sys.epollAnswer(epfd, max, timeoutMs); },
      timedOut() { return []; },
    });
  }

  /** epoll_wait once: the events or -errno, or undefined when the call must wait */
  private epollAnswer(epfd: number, max: number, timeoutMs: number): Blocking<EpollEvent[] | number> | undefined {
    const r = this.table.epollTake(epfd, max);
    if (typeof r === 'number' || r.length > 0) {
      this.progress();
      return r;
    }
    return timeoutMs === 0 ? this.idle('epoll_wait(timeout=0)', r) : undefined;
  }

  async nanosleep(duration: Nanos): Promise<void> {
    this.progress();
    await this.block([], [], this.host.now() + Math.max(0, duration), 'sleep');
  }

  spawn(name: string, body: (sys: Syscalls) => Promise<void>): ThreadHandle { return this.host.spawn(name, body); }
  join(thread: ThreadHandle): Promise<void> { return this.host.join(thread); }

  futexWait(key: object, deadline: Nanos | null): Promise<boolean> {
    this.progress();
    return this.host.futexWait(key, deadline);
  }

  futexWake(key: object, count: number): number { return this.host.futexWake(key, count); }
  external<T>(p: Promise<T>): Promise<T> { return this.host.external(p); }

  annotate(what: string | null): void {
    this.label = what;
    this.host.label(what);
  }

  trace(name: string, start: Nanos, result: string | (() => string)): void { this.host.trace(name, start, result); }
  stdout(line: string): void { this.host.stdout(line); }
  stderr(line: string): void { this.host.stderr(line); }
}

/**
 * What a stall report says a thread waits in: the system call's own description, or the
 * library call in progress. A label with only a size (`sendall(46)`) takes the system call's
 * arguments instead (`sendall(20971520 bytes, 65536 sent)`), as does a bare name.
 */
function describeWait(label: string | null, what: string): string {
  if (label === null) return what;
  const args = what.slice(what.indexOf('('));
  const sized = /^(\w+)\(\d*\)$/.exec(label);
  if (sized) return sized[1]! + args;
  return label.includes('(') ? label : label + args;
}

/** select's answer from poll's: the ready fds of each set, in the order given, or -errno */
function selected(list: readonly PollFd[], r: readonly number[], w: readonly number[], x: readonly number[], n: number): [number[], number[], number[]] | number {
  if (n < 0) return n;
  const rev = new Map(list.map((p) => [p.fd, p.revents]));
  return [
    r.filter((fd) => (rev.get(fd)! & (POLLIN | POLLHUP | POLLERR)) !== 0),
    w.filter((fd) => (rev.get(fd)! & (POLLOUT | POLLERR)) !== 0),
    x.filter((fd) => (rev.get(fd)! & POLLPRI) !== 0),
  ];
}

function dataOrErrno(r: Received | number): Uint8Array | number {
  return typeof r === 'number' ? r : r.data;
}
