/**
 * Programs on simulated hosts: processes, their threads, and the handshake that keeps them
 * deterministic.
 *
 * A program is `async (sys) => …`; each of its threads is such a function, and it may only
 * wait through its system calls. The world resumes one thread at a time and then waits
 * until that thread has either blocked again or ended (the park signal) before it does
 * anything else: the order of work is decided by the event queue and by thread creation
 * order, never by the microtask queue. A thread that neither blocks nor ends once its
 * pending microtasks have run (it awaits a promise that nothing in the simulation settles)
 * is reported as hung, not waited for.
 */
import type { Nanos } from './time.ts';
import type { SyscallTable } from '../stack/syscall/table.ts';

export type ProcessState = 'pending' | 'running' | 'blocked' | 'done' | 'failed';
export type ThreadState = 'pending' | 'running' | 'blocked' | 'hung' | 'done' | 'failed';

export interface BlockedCall {
  /** what the thread waits in, for the stall report: "recv(3, 32)" */
  readonly what: string;
  /** the fds it waits on (none for sleep, futex, join) and the poll events for each */
  readonly fds: readonly number[];
  readonly events: readonly number[];
  readonly deadline: Nanos | null;
  readonly since: Nanos;
  /** lets the thread continue (its wait is over) */
  readonly resume: () => void;
}

export interface SimThread {
  readonly tid: number;
  readonly name: string;
  readonly proc: SimProcess;
  state: ThreadState;
  blocked: BlockedCall | null;
  error: unknown;
  /** threads waiting in join() for this one; null before the first (a thread-per-client server's thousands of threads are joined late or never) */
  joiners: SimThread[] | null;
  /** the library call in progress (Python's `recv(16)`), for the timeline's causes */
  label: string | null;
}

export interface SimProcess {
  readonly pid: number;
  readonly host: string;
  readonly name: string;
  readonly daemon: boolean;
  state: ProcessState;
  exitCode: number | null;
  /** the first uncaught error of any of its threads */
  error: unknown;
  readonly threads: SimThread[];
  readonly table: SyscallTable;
  /** the last blocking call of a thread, kept while it waits (the first blocked thread's) */
  readonly blocked: BlockedCall | null;
  /** busy-waiting noted: how many times its clock was moved on, and in which call */
  busy: { count: number; what: string } | null;
}

export type TurnOutcome = 'parked' | 'hung';

/**
 * The park signal: settles a turn when the running thread blocks, ends or is found hung.
 * One promise per turn. A thread is hung when the microtasks run dry while its turn is still
 * open: a single macrotask (setImmediate, at most one pending for the whole run) finds that
 * out; it fires only when nothing else is left to run, which during a turn means the thread
 * waits on something no event settles, unless `outside()` names a promise from outside the
 * simulation it awaits (the Python bridge), which is waited for before looking again.
 */
export class ParkSignal {
  private settle: ((outcome: TurnOutcome) => void) | null = null;
  private watching = false;

  constructor(private readonly outside: () => Promise<unknown> | undefined) {}

  /** Run `wake` (which lets a thread continue) and wait until that thread parks again. */
  resume(wake: () => void): Promise<TurnOutcome> {
    const p = new Promise<TurnOutcome>((resolve) => {
      this.settle = resolve;
    });
    wake();
    if (this.settle !== null) this.watch();
    return p;
  }

  park(): void {
    const settle = this.settle;
    this.settle = null;
    settle?.('parked');
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    setImmediate(() => { // wall-clock ok: a yield to find hung threads, not a timer; time never comes from it
      this.watching = false;
      this.dry();
    });
  }

  /** The microtasks ran dry: the open turn's thread is hung, unless it awaits something outside. */
  private dry(): void {
    const settle = this.settle;
    if (settle === null) return;
    const outside = this.outside();
    if (outside) {
      const again = (): void => {
        if (this.settle === settle) this.watch();
      };
      outside.then(again, again);
      return;
    }
    this.settle = null;
    settle('hung');
  }
}
