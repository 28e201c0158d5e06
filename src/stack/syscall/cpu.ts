/**
 * Program CPU time: a deterministic cost model per program. Real programs spend time between
 * their system calls (the Python interpreter, formatting a log line, copying bytes); with a
 * profile, each call adds its cost to the thread's debt (a fixed cost per call, or the
 * call's override, plus a cost per byte copied), and before each call that may block the
 * thread parks for its debt: its own clock moves on while the host's kernel keeps working
 * (ACKs, retransmissions, other threads). A call's `after` cost is spent before it returns,
 * its effect (a segment) already out; a thread's first call of a name may cost more, before
 * its effect (`firstBefore`) or after (`firstAfter`): cold code paths. A profile may also give
 * woken threads a scheduling latency (`wake`), drawn from each thread's seeded stream, longer
 * after longer waits where it says so (`wake.slept`: an idle machine). Where the thread's host hands
 * it hooks (CpuHooks), the costs also reach the sockets: a send's copy and its `after` cost
 * are charged with the socket locked (an ACK arriving meanwhile waits for release_sock,
 * tcp/owner.ts; a first call's `firstAfter` comes after the release), a
 * reader waiting in recv() may answer the segments that wake it (`readerAcks`), a recv()'s
 * first-touched pages are charged with its socket locked, copy by copy (`pageFault`,
 * first-touch.ts, timedRead), and when its tcp_cleanup_rbuf() sent an ACK the lock stays for the
 * softirq work that ACK runs in its context, the peer's answer included (`ackChain`; with it a
 * send keeps its lock until its softirq chain is over too: chainRun, sim/softirq-chain.ts), and the
 * send path's costs vary (`jitter`). Profile `none` wraps
 * nothing: today's behaviour. The profiles and their figures: cpu-profile.ts.
 */
import type { Nanos } from '../nanos.ts';
import type { Received, Syscalls } from './api.ts';
import type { ThreadHost } from './blocking.ts';
import { RecvBuffers, type ReadBuffer } from './first-touch.ts';
import type { CostJitter, CpuProfile, WakeLatency } from './cpu-profile.ts';


/** the calls that may park: the debt is paid before them */
const PARKING = new Set<string>(['connect', 'accept4', 'sendto', 'sendmmsg', 'recvfrom', 'read', 'write', 'poll', 'epoll_wait', 'nanosleep']);
/** the calls that are system calls (or a program's work) and cost time; the rest (ids, spawn, futexes) do not */
const COSTED = new Set<string>([
  ...PARKING, 'socket', 'socketpair', 'bind', 'listen', 'shutdown', 'close', 'setsockopt', 'getsockopt', 'fcntl', 'ioctl',
  'getsockname', 'getpeername', 'epoll_create1', 'epoll_ctl', 'gethostname', 'getrandom', 'stdout', 'stderr',
]);

/** bytes a call copies from the program: known before it runs */
function bytesIn(name: string, args: readonly unknown[]): number {
  if (name === 'sendto' || name === 'write') return (args[1] as Uint8Array).length;
  if (name === 'sendmmsg') return (args[1] as readonly { data: Uint8Array }[]).reduce((n, m) => n + m.data.length, 0);
  if (name === 'stdout' || name === 'stderr') return (args[0] as string).length;
  return 0;
}

/** bytes a call copied to the program: known after */
function bytesOut(result: unknown): number {
  return receivedBytes(result)?.length ?? 0;
}

const COSTS = new WeakMap<Syscalls, CpuProfile>();
const UNCOSTED = new WeakMap<Syscalls, Syscalls>();

/** the profile a thread's calls cost time by, if any (the Python bridge answers nothing ahead then: time moves between calls) */
export function cpuProfileOf(sys: Syscalls): CpuProfile | undefined {
  return COSTS.get(sys);
}

/**
 * The same thread's calls without the profile's costs: for calls labwire makes on a program's
 * behalf that the real program does not make (the Python bridge setting an fd's blocking mode
 * for each call, which CPython keeps in the socket object).
 */
export function uncostedOf(sys: Syscalls): Syscalls {
  return UNCOSTED.get(sys) ?? sys;
}

/** one draw of `w` for a wait of `waited` ns, from a stream's float in [0, 1) */
export function drawWake(w: WakeLatency, float: () => number, waited: Nanos = 0): Nanos {
  let min = w.min;
  let mean = w.mean;
  if (w.slept) for (const s of w.slept) if (waited >= s.after) ({ min, mean } = s);
  return min + Math.round(-Math.log(1 - float()) * mean);
}

/**
 * `th` whose waits on files end `late(waited)` ns after the event that ended them, `waited`
 * being how long the wait lasted; a wait that ran to its deadline, or waited on no file (a
 * timer, a CPU cost), ends on time.
 */
export function withWakeLatency(th: ThreadHost, late: (waited: Nanos) => Nanos): ThreadHost {
  const block: ThreadHost['block'] = async (fds, events, deadline, what) => {
    const from = th.now();
    await th.block(fds, events, deadline, what);
    if (fds.length === 0 || (deadline !== null && th.now() >= deadline)) return;
    const ns = late(th.now() - from);
    if (ns > 0) await th.block([], [], th.now() + ns, what);
  };
  return Object.assign(Object.create(th) as ThreadHost, { block });
}

/**
 * Every call of `sys` (own properties and its class's methods), bound to `sys`, and the
 * thread's identity: the costed wrapper replaces some calls and keeps the rest, and a call
 * one of them makes inside (sendmmsg's sendto) stays the object's own, uncharged. The
 * object's private state stays on it, not copied.
 */
function boundCalls(sys: Syscalls): Record<string, unknown> {
  const out: Record<string, unknown> = { pid: sys.pid, tid: sys.tid, epochSeconds: sys.epochSeconds, files: sys.files };
  for (let o: object | null = sys; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) {
      const v = (sys as unknown as Record<string, unknown>)[k];
      if (k === 'constructor' || k in out || typeof v !== 'function') continue;
      out[k] = (v as (...a: unknown[]) => unknown).bind(sys);
    }
  }
  return out;
}

/** what the costed calls need from the thread's host beyond parking (threads.ts supplies them) */
export interface CpuHooks {
  /** lock_sock() on a TCP socket for a send's copy (SyscallTable.lockSocket) */
  lockSocket(fd: number): void;
  /** release_sock() once the send's cost, its transmit's softirq work included, is paid */
  unlockSocket(fd: number): void;
  /** the thread waits in recv() on `fd` (draw: answer a segment of `len` bytes from its context?), or no longer (null) */
  readerWaits(fd: number, draw: ((len: number) => boolean) | null): void;
  /** a recv() whose copy the model times is about to be made on `fd` (true), or is made (false) */
  readTimed(fd: number, on: boolean): void;
  /** whether that recv() took data and holds the socket's lock (a TCP socket) */
  reading(fd: number): boolean;
  /** its loop: the backlog runs, and up to `n` more bytes that it queued are taken; null when none */
  readMore(fd: number, n: number): Uint8Array | null;
  /**
   * its end: tcp_cleanup_rbuf() for the `copied` bytes, release_sock(); with `keepIfSent`, a
   * cleanup that sent a segment keeps the lock (true) until unlockSocket
   */
  readEnd(fd: number, copied: number, keepIfSent?: boolean): boolean;
  /** payload bytes waiting in the socket's backlog (what came while its lock was held) */
  backlogged(fd: number): number;
  /**
   * a softirq chain for the call being made (sim/softirq-chain.ts): the frames its host sends
   * when the thread's turn ends, and the answers their receivers send at once
   */
  chainOpen(): number;
  /** ns until the chain's next frame arrives; 0 when it is over */
  chainWait(id: number): Nanos;
  chainClose(id: number): void;
  /** the frames the host sends as this turn ends belong to chain `id` too */
  chainOn(id: number): void;
  /** a timed send's release runs its backlog and keeps the lock (SyscallTable.flushBacklog): whether it held anything */
  flushBacklog(fd: number): boolean;
  /** the thread's seeded stream for the profile's draws, a float in [0, 1) */
  float(): number;
}

/** the calls that copy the program's bytes into a socket under its lock (tcp_sendmsg) */
const SENDS = new Set<string>(['sendto', 'write']);
/** the calls that wait for a socket's bytes (tcp_recvmsg) */
const RECVS = new Set<string>(['recvfrom', 'read']);

/** `ns` as the profile's jitter makes it, from the thread's stream */
function jittered(ns: number, j: CostJitter | undefined, float: () => number): Nanos {
  if (!j || ns <= 0) return Math.round(ns);
  return Math.round(ns * j.fixed - Math.log(1 - float()) * j.restMean * ns);
}

/**
 * `ns + extra` jittered as one cost (one draw), cut in the same proportion: [the `ns` part,
 * the `extra` part]. A send's `after` runs under the socket's lock, its first-time extra after.
 */
function jitteredSplit(ns: number, extra: number, j: CostJitter | undefined, float: () => number): [Nanos, Nanos] {
  const total = ns + extra;
  if (!j || total <= 0) return [Math.round(ns), Math.round(total) - Math.round(ns)];
  const rest = -Math.log(1 - float()) * j.restMean;
  const whole = Math.round(total * j.fixed + rest * total);
  const part = Math.round(ns * j.fixed + rest * ns);
  return [part, whole - part];
}

/**
 * `sys` with `profile`'s costs: `pause(ns, what)` parks the calling thread for `ns`. With
 * `hooks`, a send's copy is charged with its socket locked (tcp_sendmsg: an ACK arriving
 * meanwhile runs after its tcp_push), a recv tells the socket a reader waits, and costs vary
 * by the profile's jitter.
 */
export function withCpuCost(sys: Syscalls, profile: CpuProfile, pause: (ns: Nanos, what: string) => Promise<void>, hooks?: CpuHooks): Syscalls {
  let debt = 0;
  const float = () => hooks!.float();
  const jitter = hooks ? profile.jitter : undefined;
  const cost = (name: string) => (profile.calls as Record<string, Nanos | undefined>)[name] ?? profile.perCall;
  const tailOf = tails(profile);
  const firstOf = firstTimeExtras(profile.firstAfter);
  const firstBeforeOf = firstTimeExtras(profile.firstBefore);
  const readerDraw = hooks && profile.readerAcks ? readerDraws(profile.readerAcks, float) : null;
  const faults = hooks && profile.pageFault ? { cost: profile.pageFault, buffers: new RecvBuffers() } : null;
  const pay = (name: string, ns: Nanos) => (ns > 0 ? pause(ns, `${name}() [cpu]`) : undefined);
  const out = boundCalls(sys);
  for (const name of COSTED) {
    const orig = (sys as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    const locks = hooks !== undefined && SENDS.has(name);
    const reads = readerDraw !== null && RECVS.has(name);
    out[name] = PARKING.has(name)
      ? async (...args: unknown[]) => {
        const copy = bytesIn(name, args) * profile.perByte;
        // recv(n) allocates its result before the call (first-touch.ts): flags 0, as Python's recv
        const read = faults && RECVS.has(name) && (name === 'read' || args[2] === 0) && (args[1] as number) > 0
          ? faults.buffers.begin(args[1] as number) : null;
        if (read) debt += read.pages * faults!.cost.page + (read.mapped ? faults!.cost.mmap : 0);
        debt += cost(name) + (locks ? 0 : copy) + firstBeforeOf(name);
        const owed = Math.round(debt);
        debt = 0;
        await pay(name, owed);
        if (locks) {
          hooks.lockSocket(args[0] as number); // tcp_sendmsg's lock_sock(): its copy under the lock
          await pay(name, jittered(copy, jitter, float));
        }
        let r: unknown;
        let tail = 0;
        let coldExtra = 0;
        // what the send transmits and the peer answers from softirq comes back inside the call
        const chain = locks && profile.ackChain ? hooks.chainOpen() : 0;
        try {
          const call = () => orig.apply(sys, args);
          const made = () => (reads ? asReader(hooks!, args[0] as number, readerDraw(args[1] as number), call) : call());
          r = read ? await timedRead(hooks!, args[0] as number, args[1] as number, read.buffer, faults!, profile.ackChain, made, (ns) => pay(name, jittered(ns, jitter, float))) : await made();
          [tail, coldExtra] = jitteredSplit(tailOf(name), firstOf(name), jitter, float);
          await pay(name, tail);
          if (chain !== 0) await chainRun(hooks!, args[0] as number, chain, (ns) => pause(ns, `${name}() [cpu]`));
        } finally {
          if (chain !== 0) hooks!.chainClose(chain);
          if (locks) hooks.unlockSocket(args[0] as number); // release_sock(): after the transmit's softirq work
        }
        await pay(name, coldExtra);
        debt += bytesOut(r) * (profile.perByteOut ?? profile.perByte);
        return r;
      }
      : (...args: unknown[]) => {
        debt += cost(name) + bytesIn(name, args) * profile.perByte + firstBeforeOf(name);
        return orig.apply(sys, args);
      };
  }
  const costed = out as unknown as Syscalls;
  COSTS.set(costed, profile);
  UNCOSTED.set(costed, sys);
  return costed;
}

/** each call's `after` cost */
function tails(profile: CpuProfile): (name: string) => Nanos {
  return (name) => (profile.after as Record<string, Nanos | undefined> | undefined)?.[name] ?? 0;
}

/** a call's extra from `extras` (firstAfter, firstBefore) the first time the thread makes it, then 0 */
function firstTimeExtras(extras: CpuProfile['firstAfter']): (name: string) => Nanos {
  const called = new Set<string>();
  return (name) => {
    if (called.has(name)) return 0;
    called.add(name);
    return (extras as Record<string, Nanos | undefined> | undefined)?.[name] ?? 0;
  };
}

/**
 * For a recv() of `n` bytes, whether a segment of `len` is answered from the reader's context
 * (CpuProfile.readerAcks): only if the reader asks for all of it, and one draw per wait, so
 * what arrives before the reader runs shares the fate of the segment that woke it.
 */
function readerDraws(share: number, float: () => number): (n: number) => (len: number) => boolean {
  return (n) => {
    let fate: boolean | undefined;
    return (len) => (fate ??= n >= len && float() < share);
  };
}

/**
 * A recv() of up to `n` bytes into `buffer` whose copy costs its first-touched pages (`pay`):
 * on a TCP socket that gives data, with the socket locked while it copies, then again for
 * each run of the backlog that queues more (tcp_recvmsg_locked; tcp/owner.ts), and
 * tcp_cleanup_rbuf() at the end; if that sent a segment, the profile's `ackChain` with the lock
 * still held (CpuProfile.ackChain). The result holds every byte taken.
 */
async function timedRead(
  hooks: CpuHooks, fd: number, n: number, buffer: ReadBuffer,
  faults: { readonly cost: { readonly page: Nanos }; readonly buffers: RecvBuffers },
  chain: CpuProfile['ackChain'],
  call: () => unknown, pay: (ns: Nanos) => Promise<void> | undefined,
): Promise<unknown> {
  let r: unknown;
  hooks.readTimed(fd, true);
  try {
    r = await call();
  } finally {
    hooks.readTimed(fd, false);
  }
  const first = receivedBytes(r);
  if (!first?.length) {
    faults.buffers.end(buffer);
    return r;
  }
  const locked = hooks.reading(fd);
  let parts: Uint8Array[] | null = null;
  let total = first.length;
  let copied = false;
  let held = false;
  try {
    await pay(faults.buffers.fill(buffer, first.length) * faults.cost.page);
    while (locked && total < n) {
      const more = hooks.readMore(fd, n - total);
      if (!more) break;
      (parts ??= [first]).push(more);
      total += more.length;
      await pay(faults.buffers.fill(buffer, more.length) * faults.cost.page);
    }
    copied = true;
  } finally {
    // a call cut short (its thread ended) lets go at once
    if (locked) held = hooks.readEnd(fd, total, copied && chain !== undefined);
    faults.buffers.end(buffer);
  }
  if (held) {
    try {
      await pay(chain!.hold);
      await pay(hooks.backlogged(fd) * chain!.perByte);
    } finally {
      hooks.unlockSocket(fd);
    }
  }
  if (!parts) return r;
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return r instanceof Uint8Array ? data : { ...(r as Received), data };
}

/**
 * A timed send's softirq chain (sim/softirq-chain.ts), run out before its release_sock(): the
 * answers to what it transmitted come back into the backlog; then __release_sock() runs the
 * backlog with the socket still owned, and what that sends (data the ACKs let out) draws answers
 * that join the backlog and run in the same release, until a run finds nothing. `wait(0)` ends
 * the thread's turn at once (its frames go out), `wait(ns)` parks it.
 */
async function chainRun(hooks: CpuHooks, fd: number, chain: number, wait: (ns: Nanos) => Promise<void>): Promise<void> {
  for (;;) {
    for (let ns = hooks.chainWait(chain); ns > 0; ns = hooks.chainWait(chain)) await wait(ns);
    if (!hooks.flushBacklog(fd)) return;
    hooks.chainOn(chain); // what the run sent leaves as the turn ends
    await wait(0);
  }
}

/** the bytes a recv()/read() returned, or null for an errno */
function receivedBytes(r: unknown): Uint8Array | null {
  if (r instanceof Uint8Array) return r;
  if (typeof r === 'object' && r !== null && 'data' in r) return (r as Received).data;
  return null;
}

/** `call` with the socket told that a reader waits in it (and no longer, however it ends) */
async function asReader(hooks: CpuHooks, fd: number, draw: (len: number) => boolean, call: () => unknown): Promise<unknown> {
  hooks.readerWaits(fd, draw);
  try {
    return await call();
  } finally {
    hooks.readerWaits(fd, null);
  }
}
