/**
 * The watchdog: a Python thread that runs for too long (real time) without calling into the
 * simulation is blocked outside it (input() on a terminal, a C-level lock, an endless loop
 * that reads no clock). The child dumps every thread's Python stack on SIGUSR1
 * (faulthandler, registered by the shim); the watchdog records the dump, stops the child and
 * the run reports it (program.ts moves the dump into the report). This is the one real timer of the bridge: it never fires in a healthy
 * run, so it cannot change what a run prints or captures.
 */
import type { PythonChild } from './child.ts';
import type { ProgramReport } from './report.ts';

export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** the Python thread the bridge waits for now (-1: none runs, all are parked in the simulation) */
  private running = -1;
  /** requests seen: the timer re-arms itself while this moves (one timer, not one per call) */
  private progress = 0;
  private seenAtArm = -1;

  constructor(
    private readonly child: PythonChild,
    private readonly report: ProgramReport,
    private readonly seconds: number,
  ) {}

  /** the bridge waits for thread `tid`'s next request */
  arm(tid: number): void {
    this.running = tid;
    this.progress++;
    if (!this.timer) this.start();
  }

  /** thread `tid`'s request came */
  disarm(tid: number): void {
    if (this.running === tid) this.running = -1;
    this.progress++;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private start(): void {
    this.seenAtArm = this.progress;
    this.timer = setTimeout(() => this.check(), this.seconds * 1000); // wall-clock ok: watchdog only
    this.timer.unref();
  }

  private check(): void {
    this.timer = null;
    if (this.running === -1 || this.progress !== this.seenAtArm) {
      this.start();
      return;
    }
    this.report.stuck = `thread ${this.running} ran for ${this.seconds} s without a call into the simulation (blocked outside it); its Python stacks:`;
    this.child.signal('SIGUSR1');
    setTimeout(() => this.child.signal('SIGKILL'), 300).unref(); // wall-clock ok: watchdog only
  }
}
