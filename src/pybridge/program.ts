/**
 * A Python program as a simulated program: `pythonProgram(spec, options)` is a
 * `(sys) => Promise<void>` body. It starts the child, answers its hello with the machine's
 * configuration, then serves each Python thread on a simulated thread of its own: wait for
 * the thread's next request (the simulated thread counts as running meanwhile, so the clock
 * stands still), replay the calls the child answered itself since its last frame (ahead.ts),
 * carry the request out (parking when the call blocks), reply with the simulated time; a
 * note (the log and output only) gets no reply. A thread that polls without blocking is the
 * system-call layer's busy-waiter (src/stack/syscall/blocking.ts: its clock moves on by a
 * quantum and the report says so).
 */
import type { Syscalls } from '../stack/syscall/api.ts';
import * as LINUX from '../stack/abi/linux.ts';
import { BUSY_CALLS } from '../stack/syscall/blocking.ts';
import { cpuProfileOf } from '../stack/syscall/cpu.ts';
import { glibcResolver, type ResolverFactory } from '../stack/socket/context.ts';
import { PythonChild, GONE, callName } from './child.ts';
import { HANDLERS } from './dispatch.ts';
import { replayCalls, sendRoom, type LoggedCall } from './ahead.ts';
import { PyProcess } from './process.ts';
import type { BridgeReport } from './report.ts';
import type { Reachable } from './reach.ts';
import { valueError, type Reply } from './reply.ts';
import { Watchdog } from './watchdog.ts';

export interface PythonProgramSpec {
  /** the .py file */
  readonly file: string;
  readonly args?: readonly string[];
  /** what the program reads on standard input (then end of file) */
  readonly stdin?: string;
}

export interface PythonRunOptions {
  readonly host: string;
  /** a name for the report ("server.py") */
  readonly name: string;
  readonly report: BridgeReport;
  /** how the machine resolves names (the lab's; glibc's stub by default) */
  readonly resolver?: ResolverFactory;
  /** the machines' time zone (TZ), default UTC */
  readonly tz?: string;
  /** the interpreter to run, default python3 */
  readonly python?: string;
  /** real seconds a Python thread may run between two calls before the watchdog acts */
  readonly watchdogSeconds?: number;
  /**
   * answer calls in the child from what is sent ahead (default on): recv from copies of the
   * receive queue, send on TCP from the known room in the send buffer (ahead.ts); off, every
   * call is a request, as it is for a program with a CPU cost model (time passes between calls)
   */
  readonly readAhead?: boolean;
  /** the addresses the scenario simulates; others are not simulated (default: every address) */
  readonly reachable?: Reachable;
  /** requests at one instant that stop the program (default FROZEN_LOOP_CALLS) */
  readonly frozenLoopCalls?: number;
}

/** the numbers of src/stack/abi/linux.ts, sent to the shim so Python's constants are these */
const LINUX_CONSTANTS: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(LINUX).filter(([, v]) => typeof v === 'number')) as Record<string, number>;

/**
 * PYTHONHASHSEED of every child: fixed, so set and dict orders repeat. Nothing is drawn from
 * the host's getrandom stream at start-up (glibc's resolver draws its query ids from it).
 */
export const HASH_SEED = 0;

interface Request {
  readonly o: string;
  readonly a: readonly unknown[];
  readonly w?: [number, string][];
  /** calls the child answered itself since the last frame (ahead.ts); their sent bytes lead the data */
  readonly ops?: LoggedCall[];
}

export class PythonExit extends Error {
  constructor(readonly code: number, file: string) {
    super(`${file} exited with status ${code}`);
    this.name = 'PythonExit';
  }
}

export function pythonProgram(spec: PythonProgramSpec, o: PythonRunOptions): (sys: Syscalls) => Promise<void> {
  return async (sys) => {
    const report = o.report.add(o.host, o.name);
    const child = new PythonChild({ file: spec.file, args: spec.args ?? [], python: o.python, hashSeed: HASH_SEED, tz: o.tz ?? 'UTC', stdin: spec.stdin });
    report.isolation = child.isolation;
    const p = new PyProcess(child, report, o.resolver ?? glibcResolver);
    // with a CPU cost model time passes between calls: nothing is known ahead
    p.readAhead = (o.readAhead ?? true) && cpuProfileOf(sys) === undefined;
    p.reachable = o.reachable ?? null;
    p.frozenLoopCalls = o.frozenLoopCalls ?? FROZEN_LOOP_CALLS;
    const watchdog = new Watchdog(child, report, o.watchdogSeconds ?? 20);
    try {
      await serveThread(p, sys, 0, watchdog);
      report.exitCode = await sys.external(child.exited);
    } finally {
      watchdog.stop();
      child.end();
      if (report.stuck !== null) report.stuck += `\n${child.diagnostics.trimEnd()}`;
      else report.diagnostics = child.diagnostics;
      p.finish(sys);
    }
    if (report.stuck !== null) throw new PythonExit(report.exitCode ?? 1, spec.file);
    if (report.exitCode !== 0) throw new PythonExit(report.exitCode ?? 1, spec.file);
  };
}

function hello(p: PyProcess, sys: Syscalls, a: readonly unknown[]): Reply {
  p.report.netns = String(a[0] ?? '');
  return {
    r: {
      consts: LINUX_CONSTANTS,
      hostname: sys.gethostname(),
      epoch: sys.epochSeconds,
      pid: sys.pid,
      uts: p.child.isolation.netns,
      busyCalls: BUSY_CALLS,
    },
  };
}

/** send and recv replies carry the send room of a socket the program writes to (ahead.ts) */
const ROOM_OPS: ReadonlySet<string> = new Set(['recv', 'send', 'sendall']);

/** serve one Python thread until it exits (or the child is gone) */
async function serveThread(p: PyProcess, sys: Syscalls, tid: number, watchdog: Watchdog): Promise<void> {
  const limit = p.frozenLoopCalls;
  if (tid !== 0) p.child.reply(tid, { t: sys.now() });
  for (;;) {
    watchdog.arm(tid);
    const next = p.child.next(tid);
    watchdog.disarm(tid);
    // an answer from outside the simulation: progress for the run's busy-loop watchdog
    const f = await sys.external(Promise.resolve(next));
    if (f === GONE) return;
    const req = f.meta as Request;
    p.output(sys, req.w);
    const data = req.ops ? await replayCalls(sys, req.ops, f.data) : f.data;
    if (req.o === 'note') continue; // the log and output only: no reply, the thread runs on
    if (req.o === 'exit') return;
    if (frozenLoop(p, sys, req.o, limit)) return;
    p.child.inCall.set(tid, req.o);
    const pending = serve(p, sys, req, data, watchdog);
    const r = pending instanceof Promise ? await pending : pending;
    p.child.inCall.delete(tid);
    const fd = Number(req.a[0]);
    p.lastRecvFd = req.o === 'recv' ? fd : -1;
    if (ROOM_OPS.has(req.o) && !r.e && p.readAhead) {
      if (req.o !== 'recv') p.sending.add(fd);
      const room = p.sending.has(fd) ? sendRoom(sys, fd) : 0;
      p.child.reply(tid, room ? { t: sys.now(), r: r.r, sr: [fd, room] } : { t: sys.now(), r: r.r }, r.data);
    } else p.child.reply(tid, { t: sys.now(), r: r.r, e: r.e }, r.data);
  }
}

/**
 * Requests one program may make at one instant of simulated time before the run stops it. With
 * no CPU profile a call takes no time, so a loop that never waits (progjar2's broadcast sender:
 * `while True: sendto(…)`) would run forever at one instant, queueing frames until memory runs
 * out; on Linux the same loop spends CPU time and Ctrl-C ends it. 2^18 is twice the requests of
 * the longest legitimate run of calls we know (recv(16) over 2 MiB queued, read-ahead off).
 */
export const FROZEN_LOOP_CALLS = 1 << 18;

/** count a request toward the frozen-loop limit; past it, stop the child and say why (exit 1) */
function frozenLoop(p: PyProcess, sys: Syscalls, op: string, limit: number): boolean {
  const now = sys.now();
  if (now !== p.instant) {
    p.instant = now;
    p.callsThisInstant = 0;
  }
  if (++p.callsThisInstant <= limit) return false;
  p.report.stuck = `made ${limit} calls at one instant of simulated time without waiting once (the last: ${callName(op)}). ` +
    'With --cpu none a call takes no time, so this loop never lets the clock move: run it with --cpu python3, ' +
    'and give an endless program an end with --until TIME.';
  p.child.end();
  return true;
}

/** carry out one request (a promise only when it may wait) */
function serve(p: PyProcess, sys: Syscalls, req: Request, data: Uint8Array, watchdog: Watchdog): Reply | Promise<Reply> {
  if (req.o === 'hello') return hello(p, sys, req.a);
  if (req.o === 'spawn') return spawnThread(p, sys, Number(req.a[0]), String(req.a[1]), watchdog);
  if (req.o === 'join') return joinThread(p, sys, Number(req.a[0]), req.a[1] as number | null);
  const h = HANDLERS[req.o];
  return h ? h(p, sys, req.a, data) : valueError(`labwire bridge: unknown request ${req.o}`);
}

/** the thread's body ended: wake its joiners */
function threadEnded(p: PyProcess, sys: Syscalls, tid: number): void {
  p.ended.add(tid);
  sys.futexWake(p.futexKey(-tid), Number.MAX_SAFE_INTEGER);
}

function spawnThread(p: PyProcess, sys: Syscalls, tid: number, name: string, watchdog: Watchdog): Reply {
  p.threads.set(tid, sys.spawn(name, async (tsys) => {
    try {
      await serveThread(p, tsys, tid, watchdog);
    } finally {
      threadEnded(p, tsys, tid);
    }
  }));
  return {};
}

/** join with a deadline (simulated ns) or none: true once the thread has ended */
async function joinThread(p: PyProcess, sys: Syscalls, tid: number, deadline: number | null): Promise<Reply> {
  const t = p.threads.get(tid);
  if (!t || p.ended.has(tid)) return { r: true };
  if (deadline === null) {
    await sys.join(t);
    return { r: true };
  }
  // a join with a timeout: the thread's end wakes its futex; the deadline ends the wait
  while (!p.ended.has(tid) && sys.now() < deadline) await sys.futexWait(p.futexKey(-tid), deadline);
  return { r: p.ended.has(tid) };
}
