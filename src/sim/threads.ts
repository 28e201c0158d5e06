/**
 * Processes and threads on the world's hosts: starting them, parking them in system calls,
 * waking them when their wait is satisfied (fd readiness, a deadline, a futex, a join), and
 * ending them. One thread runs at a time; ready threads are woken in creation order after
 * each event, so runs are the same on every machine.
 *
 * Rules a program must keep, enforced here with a clear error: a thread has one blocking
 * call in flight (a second one from the same thread, e.g. an un-awaited handler, fails the
 * program naming both calls: start a thread with `sys.spawn` instead).
 */
import type { Nanos } from './time.ts';
import type { SimHost } from './host.ts';
import { ParkSignal, type BlockedCall, type SimProcess, type SimThread, type TurnOutcome } from './process.ts';
import type { Syscalls, ThreadHandle } from '../stack/syscall/api.ts';
import type { SyscallTable } from '../stack/syscall/table.ts';
import { BUSY_QUANTUM, threadSyscalls, type ThreadHost } from '../stack/syscall/blocking.ts';
import { drawWake, withCpuCost, withWakeLatency, type CpuHooks } from '../stack/syscall/cpu.ts';
import type { CpuProfile } from '../stack/syscall/cpu-profile.ts';
import { streamFor } from './rng.ts';
import { POLLERR, POLLHUP, POLLNVAL } from '../stack/abi/linux.ts';
import { BUSY_WAIT_MARK, waitsOnlyForClients, type Background } from './serving.ts';
import { HostWaiters, tupleKey, type Touch, type WaitKeys } from './waiters.ts';
import { Handle, HostedThread } from './thread-host.ts';

/** What the scheduler needs of the world. */
export interface SchedulerWorld {
  readonly now: Nanos;
  readonly config: { readonly epochSeconds: number; readonly seed: number };
  readonly heartbeat: Int32Array | null;
  readonly timeline: import('./timeline.ts').Timeline;
  markCause(host: SimHost, ctx: import('./causes.ts').CauseContext): void;
  readonly transcript: { push(line: import('./host.ts').TranscriptLine): unknown };
  openTable(hostName: string): SyscallTable;
  /** the calls' softirq chains (softirq-chain.ts) */
  readonly chains: import('./softirq-chain.ts').SoftirqChains<SimHost>;
}

export interface SchedulerHooks {
  /** give `thread` a turn at time `at`: `run` resumes it */
  at(at: Nanos, thread: SimThread, run: () => void): void;
  /** carry out a host's kernel effects; timers among them belong to what `armedBy` touched */
  drain(host: SimHost, armedBy: Touch): void;
}

export type Body = (sys: Syscalls) => Promise<void>;

/** A program error the scheduler raises in a thread (misuse of the thread rules). */
export class ProgramMisuse extends Error {
  override name = 'ProgramMisuse';
}

/** Is any of the thread's fds ready for what it waits for (or in error, hung up, closed)? */
function isReady(t: SimThread): boolean {
  const call = t.blocked;
  if (!call) return false;
  const table = t.proc.table;
  for (let i = 0; i < call.fds.length; i++) {
    if (table.pollMask(call.fds[i]!) & (call.events[i]! | POLLERR | POLLHUP | POLLNVAL)) return true;
  }
  return false;
}

const NONE: readonly never[] = [];

/**
 * How the waiter on `fds` is found again when something touches them (waiters.ts). A thread
 * keeps its keys while it waits (an idle connection's for ever): lists of the exact size, the
 * usual one fd's made without a growing array.
 */
function waitKeys(table: SyscallTable, fds: readonly number[]): WaitKeys {
  if (fds.length === 1) {
    const k = table.readinessKey(fds[0]!);
    const files = k.file ? [k.file] : NONE;
    if (k.localPort === 0) return { files, ports: NONE, tuples: NONE, always: true };
    if (k.peer) return { files, ports: NONE, tuples: [tupleKey(k.localPort, k.peer[1], k.peer[0])], always: false };
    return { files, ports: [k.localPort], tuples: NONE, always: false };
  }
  const files: object[] = [];
  const ports: number[] = [];
  const tuples: number[] = [];
  let always = false;
  for (const fd of fds) {
    const k = table.readinessKey(fd);
    if (k.file) files.push(k.file);
    if (k.localPort === 0) always = true;
    else if (k.peer) tuples.push(tupleKey(k.localPort, k.peer[1], k.peer[0]));
    else ports.push(k.localPort);
  }
  return { files: files.slice(), ports: ports.slice(), tuples: tuples.slice(), always };
}

export class Scheduler {
  /** the last time a thread made progress (for stall detection) */
  lastProgress: Nanos = 0;
  private readonly signal = new ParkSignal(() => (this.current ? this.external.get(this.current) : undefined));
  private readonly threadsOf = new Map<SimHost, SimThread[]>();
  private readonly waitersOf = new Map<SimHost, HostWaiters>();
  private ranks = 0;
  private readonly futexes = new Map<object, { thread: SimThread; call: BlockedCall; woken: boolean }[]>();
  private readonly external = new Map<SimThread, Promise<unknown>>();
  /** the programs the run waits for until they end (neither daemons nor background) */
  private readonly waitedFor = new Set<SimProcess>();
  /** programs that keep the run going only while they do more than wait for clients */
  private readonly background: { proc: SimProcess; host: SimHost; mode: Background }[] = [];
  private current: SimThread | null = null;
  /** the CPU cost model of processes that have one (their threads share it) */
  private readonly cpuOf = new Map<SimProcess, CpuProfile>();

  constructor(private readonly world: SchedulerWorld, private readonly hooks: SchedulerHooks) {}

  liveForeground(): boolean {
    return this.waitedFor.size > 0;
  }

  /** a background program (ProgramSpec.background) still doing more than waiting for clients */
  liveBackground(): boolean {
    for (const b of this.background) {
      const p = b.proc;
      if (p.state === 'done' || p.state === 'failed') continue;
      if (!waitsOnlyForClients(p, b.host.kernel, b.mode)) return true;
    }
    return false;
  }

  /** every thread of a host, in creation order */
  threads(host: SimHost): readonly SimThread[] {
    return this.threadsOf.get(host) ?? [];
  }

  /**
   * `daemon`: true never keeps the run going; 'serving'/'idle' keep it going until the program
   * only waits for clients (serving.ts); false until it ends.
   */
  spawnProcess(host: SimHost, name: string, body: Body, at: Nanos, daemon: boolean | Background, cpu: CpuProfile | null = null): SimProcess {
    const pid = host.allocPid();
    const table = this.world.openTable(host.name);
    const proc: SimProcess = {
      pid, host: host.name, name, daemon: daemon === true, state: 'pending', exitCode: null, error: null, threads: [], table, busy: null,
      get blocked() {
        return proc.threads.find((t) => t.blocked)?.blocked ?? null;
      },
    };
    host.processes.push(proc);
    if (daemon === false) this.waitedFor.add(proc);
    else if (daemon !== true) this.background.push({ proc, host, mode: daemon });
    if (cpu) this.cpuOf.set(proc, cpu);
    this.startThread(host, proc, name, body, at, pid);
    return proc;
  }

  private startThread(host: SimHost, proc: SimProcess, name: string, body: Body, at: Nanos, tid: number): PlacedThread {
    const thread: PlacedThread = { tid, name, proc, state: 'pending', blocked: null, error: null, joiners: null, label: null, host, rank: this.ranks++ };
    proc.threads.push(thread);
    const list = this.threadsOf.get(host) ?? [];
    list.push(thread);
    this.threadsOf.set(host, list);
    const cpu = this.cpuOf.get(proc);
    const th = this.wakeLate(new HostedThread(this, host, thread), host, proc.pid, tid, cpu);
    const plain = threadSyscalls(proc.table, th);
    // CPU time: the thread parks for what its work cost, its host goes on meanwhile
    const sys = cpu ? withCpuCost(plain, cpu, (ns, what) => th.block([], [], this.world.now + ns, what), this.cpuHooks(host, proc, tid)) : plain;
    this.hooks.at(at, thread, () => {
      proc.state = 'running';
      thread.state = 'running';
      body(sys).then(
        () => this.ended(host, thread, null),
        (err: unknown) => this.ended(host, thread, err ?? new Error('thrown: undefined')),
      );
    });
    return thread;
  }

  /** the CPU model's hooks on the process's sockets, and its cost draws from the thread's own stream (cpu.ts) */
  private cpuHooks(host: SimHost, proc: SimProcess, tid: number): CpuHooks {
    const rng = streamFor(this.world.config.seed, host.name, `cpu-cost:${proc.pid}.${tid}`);
    return {
      lockSocket: (fd) => proc.table.lockSocket(fd),
      unlockSocket: (fd) => proc.table.unlockSocket(fd),
      readerWaits: (fd, draw) => proc.table.readerWaits(fd, draw),
      readTimed: (fd, on) => proc.table.readTimed(fd, on),
      reading: (fd) => proc.table.reading(fd),
      readMore: (fd, n) => proc.table.readMore(fd, n),
      readEnd: (fd, copied, keepIfSent) => proc.table.readEnd(fd, copied, keepIfSent),
      backlogged: (fd) => proc.table.backlogged(fd),
      chainOpen: () => this.world.chains.open(host),
      chainOn: (id) => this.world.chains.on(host, id),
      flushBacklog: (fd) => proc.table.flushBacklog(fd),
      chainWait: (id) => this.world.chains.wait(id, this.world.now),
      chainClose: (id) => this.world.chains.close(id),
      float: () => rng.float(),
    };
  }

  /** a profile's scheduling latency on the thread's waits, from the thread's own stream (keyed by pid and tid) */
  private wakeLate(th: ThreadHost, host: SimHost, pid: number, tid: number, cpu: CpuProfile | undefined): ThreadHost {
    if (!cpu?.wake) return th;
    const rng = streamFor(this.world.config.seed, host.name, `cpu-wake:${pid}.${tid}`);
    const wake = cpu.wake;
    return withWakeLatency(th, (waited) => drawWake(wake, () => rng.float(), waited));
  }

  private ended(host: SimHost, thread: SimThread, err: unknown): void {
    if (thread.state === 'done' || thread.state === 'failed') return; // a misuse failed it already (park)
    thread.state = err === null ? 'done' : 'failed';
    thread.blocked = null;
    this.waiters(host).remove(thread);
    thread.error = err;
    const proc = thread.proc;
    if (err !== null && proc.error === null) proc.error = err;
    const joiners = thread.joiners;
    thread.joiners = null;
    if (joiners !== null) for (const j of joiners) this.wakeCall(j);
    if (proc.threads.every((t) => t.state === 'done' || t.state === 'failed')) {
      proc.state = proc.error === null ? 'done' : 'failed';
      proc.exitCode ??= proc.error === null ? 0 : 1;
      proc.table.closeAll(); // do_exit → exit_files: the kernel closes what the program left open
      this.waiters(host).touch('all');
      this.waitedFor.delete(proc);
    }
    if (this.current === thread) this.signal.park();
  }

  private wakeCall(t: SimThread): void {
    const call = t.blocked;
    if (call) this.hooks.at(this.world.now, t, () => this.continueThread(t, call));
  }

  private continueThread(t: SimThread, call: BlockedCall): void {
    if (this.unblock(t, call)) call.resume();
  }

  /** The thread's wait `call` is over (false when it already was): it runs once resumed. */
  private unblock(t: SimThread, call: BlockedCall): boolean {
    if (t.blocked !== call) return false;
    t.blocked = null; // its waiter entries stay for its next wait (waiters.ts)
    t.state = 'running';
    return true;
  }

  /**
   * A thread's turn: `run` lets it go on; the promise settles when it parks, ends or is found
   * hung, and the caller then hands the outcome to endTurn (which carries out its host's
   * effects). Null when the thread has ended already.
   */
  startTurn(thread: SimThread, run: () => void): Promise<TurnOutcome> | null {
    if (thread.state === 'done' || thread.state === 'failed' || thread.state === 'hung') return null;
    this.beginTurn(thread);
    return this.signal.resume(run);
  }

  /**
   * The turn of the first thread of `host` (in creation order) whose wait an event satisfied,
   * as startTurn; null when none is ready. The waiter's own resolve function wakes it.
   */
  startReady(host: SimHost): Promise<TurnOutcome> | null {
    const t = this.waitersOf.get(host)?.firstReady(isReady);
    if (t === undefined) return null;
    const call = t.blocked!;
    this.unblock(t, call);
    this.beginTurn(t);
    return this.signal.resume(call.resume);
  }

  private beginTurn(thread: SimThread): void {
    this.lastProgress = this.world.now;
    this.current = thread;
    const beat = this.world.heartbeat;
    if (beat) {
      Atomics.add(beat, 0, 1);
      Atomics.store(beat, 1, thread.proc.pid);
    }
    if (this.world.timeline.enabled) this.world.markCause(this.hostOf(thread), { kind: 'call', call: thread.label ?? thread.proc.name });
    // the open files the thread's calls touch: the waiters on them are checked again after
    thread.proc.table.fds.touched = [];
  }

  /** The turn started last is over (its promise settled with `outcome`). */
  endTurn(outcome: TurnOutcome): void {
    const thread = this.current!;
    const table = thread.proc.table;
    // exact size: timers the turn armed keep the list for as long as they are queued
    const touched = table.fds.touched!.slice();
    table.fds.touched = null;
    const beat = this.world.heartbeat;
    if (beat) Atomics.store(beat, 1, 0);
    this.current = null;
    if (outcome === 'hung' && thread.state === 'running') thread.state = 'hung';
    const host = this.hostOf(thread);
    const waiters = this.waiters(host);
    waiters.touch(touched);
    // timers the thread's calls armed belong to the sockets of those files
    this.hooks.drain(host, touched);
  }

  private hostOf(thread: SimThread): SimHost {
    return (thread as PlacedThread).host;
  }

  /** the threads of `host` parked on fds */
  private waiters(host: SimHost): HostWaiters {
    let w = this.waitersOf.get(host);
    if (!w) this.waitersOf.set(host, (w = new HostWaiters(rankOf)));
    return w;
  }

  /** An event on `host` touched `what`: the waiters on it are checked again after the event. */
  touched(host: SimHost, what: Touch): void {
    this.waitersOf.get(host)?.touch(what);
  }

  /** Parks `thread` in a wait (ThreadHost.block): it goes on when resumed. */
  park(thread: SimThread, fds: readonly number[], events: readonly number[], deadline: Nanos | null, what: string): Promise<void> {
    if (thread.blocked) {
      const misuse = new ProgramMisuse(
        `${what} was called while ${thread.blocked.what} still waits in the same thread of ${thread.proc.name}: ` +
        'a thread makes one blocking call at a time; start a thread for each handler (sys.spawn, threading.Thread)',
      );
      // the thread fails now, not when the error has travelled up its calls: the world goes on
      // as soon as a turn parks, and must not resume the call left waiting
      this.ended(this.hostOf(thread), thread, misuse);
      throw misuse;
    }
    return new Promise<void>((resolve) => {
      const call: BlockedCall = { what, fds, events, deadline, since: this.world.now, resume: resolve };
      thread.blocked = call;
      thread.state = 'blocked';
      if (fds.length) this.waiters(this.hostOf(thread)).add(thread, waitKeys(thread.proc.table, fds));
      if (deadline !== null) this.hooks.at(deadline, thread, () => this.continueThread(thread, call));
      if (this.current === thread) this.signal.park();
    });
  }

  /** the thread making a call: the one running now (a call starts inside its turn), else the owner */
  caller(owner: SimThread): SimThread {
    const c = this.current;
    return c !== null && c.proc === owner.proc ? c : owner;
  }

  get now(): Nanos {
    return this.world.now;
  }

  get epochSeconds(): number {
    return this.world.config.epochSeconds;
  }

  /** the thread made BUSY_CALLS fruitless calls (ThreadHost.busy) */
  busy(thread: SimThread, what: string): Promise<void> {
    const proc = thread.proc;
    proc.busy = { count: (proc.busy?.count ?? 0) + 1, what };
    return this.park(this.caller(thread), [], [], this.world.now + BUSY_QUANTUM, `${what}${BUSY_WAIT_MARK}`);
  }

  /** a thread of `thread`'s process starts now (ThreadHost.spawn) */
  spawnThread(host: SimHost, thread: SimThread, name: string, body: Body): ThreadHandle {
    return new Handle(this.startThread(host, thread.proc, name, body, this.world.now, host.allocPid()));
  }

  async join(thread: SimThread, h: ThreadHandle): Promise<void> {
    const t = thread.proc.threads.find((x) => x.tid === h.tid);
    if (!t || t.state === 'done' || t.state === 'failed') return;
    const me = this.caller(thread);
    (t.joiners ??= []).push(me);
    await this.park(me, [], [], null, `join(${t.name})`);
  }

  async futexWait(thread: SimThread, key: object, deadline: Nanos | null): Promise<boolean> {
    const waiters = this.futexes.get(key) ?? [];
    this.futexes.set(key, waiters);
    const me = this.caller(thread);
    const p = this.park(me, [], [], deadline, 'futex_wait');
    const entry = { thread: me, call: me.blocked!, woken: false };
    waiters.push(entry);
    await p;
    const i = waiters.indexOf(entry);
    if (i >= 0) waiters.splice(i, 1);
    return entry.woken;
  }

  futexWake(key: object, count: number): number {
    const waiters = this.futexes.get(key);
    if (!waiters) return 0;
    let n = 0;
    while (n < count && waiters.length) {
      const w = waiters.shift()!;
      if (w.thread.blocked !== w.call) continue;
      w.woken = true;
      this.hooks.at(this.world.now, w.thread, () => this.continueThread(w.thread, w.call));
      n++;
    }
    return n;
  }

  async awaitExternal<T>(thread: SimThread, p: Promise<T>): Promise<T> {
    const me = this.caller(thread);
    this.external.set(me, p);
    try {
      return await p;
    } finally {
      this.external.delete(me);
      // an answer from outside (the Python bridge's child) is progress for the busy-loop watchdog
      const beat = this.world.heartbeat;
      if (beat) Atomics.add(beat, 0, 1);
    }
  }

  /** the library call in progress (ThreadHost.label): only the timeline reads it (beginTurn's cause), so without one it is not kept */
  label(host: SimHost, thread: SimThread, what: string | null): void {
    if (!this.world.timeline.enabled) return;
    const me = this.caller(thread);
    me.label = what;
    this.world.markCause(host, { kind: 'call', call: what ?? thread.proc.name });
  }

  trace(host: SimHost, thread: SimThread, name: string, start: Nanos, result: string | (() => string)): void {
    if (!this.world.timeline.enabled) return;
    const me = this.caller(thread);
    // `recv(32)` → name recv, args 32, as the report draws `recv(32) → b'…'`
    const m = /^([\w.]+)\((.*)\)$/s.exec(name);
    this.world.timeline.call(host.name, thread.proc.pid, me.tid, m ? m[1]! : name, m ? m[2]! : '', start, this.world.now, typeof result === 'string' ? result : result());
  }

  output(host: SimHost, proc: SimProcess, stream: 'stdout' | 'stderr', text: string): void {
    this.world.transcript.push({ at: this.world.now, host: host.name, pid: proc.pid, program: proc.name, stream, text });
  }
}

/** A thread as the scheduler keeps it: its host, and its creation rank (threads are woken in creation order). */
interface PlacedThread extends SimThread {
  readonly host: SimHost;
  readonly rank: number;
}

/** every SimThread is made by startThread */
const rankOf = (t: SimThread): number => (t as PlacedThread).rank;
