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
  private armedFor = -1;

  constructor(
    private readonly child: PythonChild,
    private readonly report: ProgramReport,
    private readonly seconds: number,
  ) {}

  arm(tid: number): void {
    this.disarm(this.armedFor);
    this.armedFor = tid;
    this.timer = setTimeout(() => this.fire(tid), this.seconds * 1000); // wall-clock ok: watchdog only
  }

  disarm(tid: number): void {
    if (tid !== this.armedFor || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = -1;
  }

  stop(): void {
    this.disarm(this.armedFor);
  }

  private fire(tid: number): void {
    this.report.stuck = `thread ${tid} ran for ${this.seconds} s without a call into the simulation (blocked outside it); its Python stacks:`;
    this.child.signal('SIGUSR1');
    setTimeout(() => this.child.signal('SIGKILL'), 300); // wall-clock ok: watchdog only
  }
}
