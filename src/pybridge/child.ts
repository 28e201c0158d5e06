/**
 * One Python child process and its two pipes: requests come in on the child's fd 3, replies
 * go out on its fd 4. Frames are routed by thread number to the simulated thread waiting for
 * that Python thread's next request. Anything the child writes to its real stdout/stderr
 * (interpreter crashes, the watchdog's stack dump) is kept as diagnostics.
 *
 * The pipes are read and written with synchronous system calls (pipes.ts). The world stands
 * still while a Python thread runs and nothing but that thread's next request can move it,
 * so blocking on the pipe loses nothing, and it saves the event loop's round of wake-ups on
 * every call. Lockstep keeps it free of deadlock: the bridge writes only to a thread that
 * waits for its reply and reads only while one thread runs. A thread that never sends its
 * next request is the watchdog's (watchdog.ts): it stops the child, and the read ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, readSync, writeSync } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFrame, FrameDecoder, type Frame } from './frame.ts';
import { childCommand, probeIsolation, resolvePython, type Isolation } from './isolation.ts';
import { closeChildEnds, openChildFds, readOutput, type ChildFds } from './pipes.ts';

export const SHIM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'python');

export interface ChildOptions {
  readonly file: string;
  readonly args: readonly string[];
  readonly python?: string;
  readonly hashSeed: number;
  readonly tz: string;
  readonly stdin?: string;
}

/** The child ended (or closed its request pipe) while a thread waited for a request. */
export const GONE: unique symbol = Symbol('gone');

/** children not yet gone: a run's end stops those still blocked (a server in accept) */
const live = new Set<PythonChild>();

/** Stop every Python child still running (the run is over); returns how many there were. */
export function stopLiveChildren(): PythonChild[] {
  const left = [...live];
  for (const c of left) c.end();
  return left;
}

/** a request as the end-of-run list names it: "accept()", "a busy loop" */
export function callName(op: string): string {
  return op === 'spin' ? 'a busy loop' : `${op}()`;
}

/** a system call again when a signal interrupted it (EINTR) */
function retried(call: () => number): number {
  for (;;) {
    try {
      return call();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EINTR') throw e;
    }
  }
}

/** one read from the request pipe: most requests fit many times over */
const READ_BYTES = 256 * 1024;
/**
 * non-blocking reads of the request pipe before a blocking one (each EAGAIN costs Node a few
 * microseconds: an exception): all of them again after a wait they ended, half as many (down
 * to SPIN_FLOOR) after one they did not — the program ran long, logging, or another's turn
 */
export const SPIN_READS = 64;
export const SPIN_FLOOR = 8;

/** the spins of the next wait, after one that `paid` (its spins ended it) or did not */
export function nextSpins(spins: number, paid: boolean): number {
  return paid ? SPIN_READS : Math.max(SPIN_FLOOR, spins >> 1);
}

export class PythonChild {
  readonly isolation: Isolation;
  private readonly proc: ChildProcess;
  private readonly fds: ChildFds;
  private readonly decoder = new FrameDecoder();
  private readonly readBuf = Buffer.allocUnsafe(READ_BYTES);
  private readonly queued = new Map<number, Frame[]>();
  /** non-blocking reads the next wait makes first (SPIN_READS) */
  private spins = SPIN_READS;
  private gone = false;
  /** the request pipe reached its end */
  private eof = false;
  private open = true;
  /** spawn errors, then (once ended) what the child wrote on its real stdout and stderr */
  private notes = '';
  /** the exit code (or 128 + signal) once the process is gone */
  readonly exited: Promise<number>;

  /** the request each Python thread is in (thread number → "accept"), for the end-of-run list (callName) */
  readonly inCall = new Map<number, string>();

  constructor(readonly o: ChildOptions) {
    // without the shim the program would run on the host's own sockets: refuse
    if (!existsSync(resolve(SHIM_DIR, 'sitecustomize.py'))) throw new Error(`the Python bridge's shim is missing (${SHIM_DIR}/sitecustomize.py): rebuild labwire`);
    this.isolation = probeIsolation();
    const python = resolvePython(o.python);
    const file = resolve(o.file);
    const [cmd, ...argv] = childCommand(python, basename(file), o.args, this.isolation);
    this.fds = openChildFds(o.stdin ?? '');
    const [stdin, output, requests, replies] = this.fds.child;
    this.proc = spawn(cmd!, argv, {
      cwd: dirname(file),
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: '/root',
        LANG: 'C.UTF-8',
        TZ: o.tz,
        PYTHONPATH: SHIM_DIR,
        PYTHONHASHSEED: String(o.hashSeed),
        PYTHONNOUSERSITE: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        LABWIRE_FDS: '4,3',
      },
      stdio: [stdin, output, output, requests, replies],
    });
    closeChildEnds(this.fds);
    this.exited = new Promise((resolveExit) => {
      this.proc.on('error', (e) => {
        this.notes += `${e.message}\n`;
      });
      this.proc.on('close', (code, signal) => {
        this.markGone();
        resolveExit(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
      });
    });
    live.add(this);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** what the child wrote on its real stdout and stderr (complete once it has exited) */
  get diagnostics(): string {
    return this.open ? this.notes + readOutput(this.fds) : this.notes;
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    live.delete(this);
  }

  /**
   * The next request of Python thread `tid`, read now (the simulated clock stands still
   * meanwhile); frames of other threads (notes) are kept for them. GONE once the child has
   * closed its request pipe (it ended, or the watchdog stopped it).
   */
  next(tid: number): Frame | typeof GONE {
    for (;;) {
      const q = this.queued.get(tid);
      if (q?.length) return q.shift()!;
      // frames written before the child exited are still read (the read does not block then)
      if (this.eof || !this.open) return GONE;
      const n = this.readRequests();
      if (n === 0) {
        this.eof = true;
        this.markGone();
        return GONE;
      }
      for (const f of this.decoder.push(Buffer.from(this.readBuf.subarray(0, n)))) {
        const list = this.queued.get(f.tid);
        if (list) list.push(f);
        else this.queued.set(f.tid, [f]);
      }
    }
  }

  /**
   * bytes read into readBuf, 0 at end of file. The child usually answers within microseconds
   * (the bridge's part of a call is short and the child runs on the other core), so the pipe is
   * polled a few times before the blocking read: a blocked reader is woken by the scheduler,
   * which costs tens of microseconds a call on a VM, more than the call itself.
   */
  private readRequests(): number {
    for (let i = 0; i < this.spins; i++) {
      try {
        const n = readSync(this.fds.requestsPoll, this.readBuf, 0, READ_BYTES, null);
        this.spins = nextSpins(this.spins, true);
        return n;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
    this.spins = nextSpins(this.spins, false);
    return retried(() => readSync(this.fds.requests, this.readBuf, 0, READ_BYTES, null));
  }

  reply(tid: number, meta: unknown, data?: Uint8Array): void {
    if (this.gone || !this.open) return;
    try {
      for (const b of encodeFrame(tid, meta, data)) {
        for (let at = 0; at < b.length; ) at += retried(() => writeSync(this.fds.replies, b, at, b.length - at));
      }
    } catch (e) {
      // the child closed its end (it is ending): its exit is what the run reports
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
      this.markGone();
    }
  }

  signal(sig: NodeJS.Signals): void {
    // not after the exit was seen (the pid may be someone else's); before, it is a zombie at worst
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(sig);
  }

  /** close the reply pipe (the child reads end of file), make sure the process ends, keep its diagnostics */
  end(): void {
    this.signal('SIGKILL');
    this.markGone();
    if (!this.open) return;
    this.notes = this.diagnostics;
    this.open = false;
    for (const fd of [this.fds.requests, this.fds.requestsPoll, this.fds.replies, this.fds.child[1]]) closeSync(fd);
  }
}
