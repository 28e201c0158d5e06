/**
 * One Python child process and its two pipes: requests come in on the child's fd 3, replies
 * go out on its fd 4. Frames are routed by thread number to the simulated thread waiting for
 * that Python thread's next request. Anything the child writes to its real stdout/stderr
 * (interpreter crashes, the watchdog's stack dump) is kept as diagnostics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { dirname, basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFrame, FrameDecoder, type Frame } from './frame.ts';
import { childCommand, probeIsolation, resolvePython, type Isolation } from './isolation.ts';

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

export class PythonChild {
  readonly isolation: Isolation;
  private readonly proc: ChildProcess;
  private readonly out: Writable;
  private readonly waiting = new Map<number, (f: Frame | typeof GONE) => void>();
  private readonly queued = new Map<number, Frame[]>();
  private gone = false;
  diagnostics = '';
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
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.proc.stdin!.end(o.stdin ?? '');
    for (const s of [this.proc.stdout!, this.proc.stderr!]) s.on('data', (c: Buffer) => (this.diagnostics += c.toString()));
    this.out = this.proc.stdio[4] as Writable;
    this.out.on('error', () => {});
    const decoder = new FrameDecoder();
    const input = this.proc.stdio[3] as Readable;
    input.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) this.deliver(f);
    });
    this.exited = new Promise((resolveExit) => {
      this.proc.on('error', (e) => {
        this.diagnostics += `${e.message}\n`;
      });
      this.proc.on('close', (code, signal) => {
        this.markGone();
        resolveExit(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
      });
    });
    input.on('close', () => this.markGone());
    live.add(this);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  private deliver(f: Frame): void {
    const w = this.waiting.get(f.tid);
    if (w) {
      this.waiting.delete(f.tid);
      w(f);
      return;
    }
    const q = this.queued.get(f.tid) ?? [];
    q.push(f);
    this.queued.set(f.tid, q);
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    live.delete(this);
    for (const w of this.waiting.values()) w(GONE);
    this.waiting.clear();
  }

  /** the next request of Python thread `tid` (the simulated clock stands still meanwhile) */
  next(tid: number): Promise<Frame | typeof GONE> {
    const q = this.queued.get(tid);
    if (q?.length) return Promise.resolve(q.shift()!);
    if (this.gone) return Promise.resolve(GONE);
    return new Promise((r) => this.waiting.set(tid, r));
  }

  isWaiting(tid: number): boolean {
    return this.waiting.has(tid);
  }

  reply(tid: number, meta: unknown, data?: Uint8Array): void {
    if (this.gone) return;
    for (const b of encodeFrame(tid, meta, data)) this.out.write(b);
  }

  signal(sig: NodeJS.Signals): void {
    if (!this.gone) this.proc.kill(sig);
  }

  /** close the reply pipe (the child reads end of file) and make sure the process ends */
  end(): void {
    this.out.end();
    this.signal('SIGKILL');
  }
}
