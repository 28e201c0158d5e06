/**
 * The watchdog: a Python thread that runs for too long (real time) without calling into the
 * simulation is blocked outside it (input() on a terminal, a C-level lock, an endless loop
 * that reads no clock). The child dumps every thread's Python stack on SIGUSR1
 * (faulthandler, registered by the shim); the watchdog has the dump written, stops the child
 * and the run reports it (program.ts moves the dump into the report).
 *
 * The bridge waits for a request in a blocking read (child.ts), so no timer of this thread
 * could fire meanwhile: the watching is done by one small worker thread per labwire thread,
 * shared by every child, which reads a slot per child from shared memory (the thread the
 * bridge waits for, a count of requests) and signals the child itself. This is the one real
 * timer of the bridge: it never fires in a healthy run, so it cannot change what a run prints
 * or captures.
 */
import { Worker } from 'node:worker_threads';
import type { PythonChild } from './child.ts';
import type { ProgramReport } from './report.ts';

/**
 * Each child's slot in the shared memory: its pid, the thread the bridge waits for + 1 (0:
 * none), the requests seen, its limit in ticks, and the verdict (the thread + 1 that was
 * found blocked outside the simulation).
 */
const FIELD = { pid: 0, waited: 1, progress: 2, limit: 3, verdict: 4 } as const;
const SLOT = Object.keys(FIELD).length;
const SLOTS = 1024;
/** real milliseconds between two looks (a thread counts as stuck after whole ticks), and ticks from the stack dump (SIGUSR1) to SIGKILL */
const TIMING = { tickMs: 100, dumpTicks: 3 } as const;

/**
 * The worker's body (CommonJS, started with eval so it needs no loader): each tick, a slot
 * whose waited thread and count stood still for its limit gets SIGUSR1, then SIGKILL. Ticks
 * are counted, no clock is read.
 */
const WORKER = `
const { workerData } = require('node:worker_threads');
const slots = new Int32Array(workerData.shared);
const { SLOT, SLOTS, FIELD: F, TIMING: T } = workerData.layout;
const seen = new Int32Array(SLOTS).fill(-1), still = new Int32Array(SLOTS), dumped = new Int32Array(SLOTS), pids = new Int32Array(SLOTS);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const kill = (pid, sig) => { try { process.kill(pid, sig); } catch {} };
for (;;) {
  Atomics.wait(sleeper, 0, 0, T.tickMs); // wall-clock ok: watchdog only
  for (let i = 0; i < SLOTS; i++) {
    const at = i * SLOT, pid = Atomics.load(slots, at + F.pid);
    if (pid !== pids[i]) { pids[i] = pid; seen[i] = -1; still[i] = 0; dumped[i] = 0; }
    if (pid === 0) continue;
    if (dumped[i] > 0) { if (++dumped[i] > T.dumpTicks) { kill(pid, 'SIGKILL'); dumped[i] = -1; } continue; }
    if (dumped[i] < 0) continue;
    const waited = Atomics.load(slots, at + F.waited), progress = Atomics.load(slots, at + F.progress);
    if (waited === 0 || progress !== seen[i]) { seen[i] = progress; still[i] = 0; continue; }
    if (++still[i] < Atomics.load(slots, at + F.limit)) continue;
    Atomics.store(slots, at + F.verdict, waited);
    kill(pid, 'SIGUSR1');
    dumped[i] = 1;
  }
}`;

let shared: Int32Array | null = null;
const used = new Set<number>();

/** the slots, and the worker watching them (started the first time a child is watched) */
function slots(): Int32Array {
  if (shared) return shared;
  const buffer = new SharedArrayBuffer(SLOTS * SLOT * Int32Array.BYTES_PER_ELEMENT);
  const worker = new Worker(WORKER, { eval: true, workerData: { shared: buffer, layout: { SLOT, SLOTS, FIELD, TIMING } } });
  worker.unref();
  return (shared = new Int32Array(buffer));
}

export class Watchdog {
  private readonly at: number;
  private stopped = false;

  constructor(
    child: PythonChild,
    private readonly report: ProgramReport,
    private readonly seconds: number,
  ) {
    const s = slots();
    let i = 0;
    while (used.has(i)) i++;
    if (i >= SLOTS) throw new Error(`the Python bridge watches at most ${SLOTS} children at once`);
    used.add(i);
    this.at = i * SLOT;
    s.fill(0, this.at, this.at + SLOT);
    Atomics.store(s, this.at + FIELD.limit, Math.max(1, Math.ceil((seconds * 1000) / TIMING.tickMs)));
    Atomics.store(s, this.at + FIELD.pid, child.pid ?? 0);
  }

  /** the bridge waits for thread `tid`'s next request */
  arm(tid: number): void {
    const s = shared!;
    Atomics.store(s, this.at + FIELD.waited, tid + 1);
    Atomics.add(s, this.at + FIELD.progress, 1);
  }

  /** thread `tid`'s request came (or the child is gone) */
  disarm(_tid: number): void {
    const s = shared!;
    Atomics.store(s, this.at + FIELD.waited, 0);
    Atomics.add(s, this.at + FIELD.progress, 1);
  }

  /** watching ends (the child has ended or is being stopped): the report says whether the watchdog stopped it */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const s = shared!;
    const verdict = Atomics.load(s, this.at + FIELD.verdict);
    Atomics.store(s, this.at + FIELD.pid, 0);
    used.delete(this.at / SLOT);
    if (verdict > 0) this.report.stuck = `thread ${verdict - 1} ran for ${this.seconds} s without a call into the simulation (blocked outside it); its Python stacks:`;
  }
}
