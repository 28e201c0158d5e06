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
  /** threads waiting in join() for this one */
  readonly joiners: SimThread[];
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

/** The park signal: resolved when the running thread blocks, ends or is found hung. */
export class ParkSignal {
  private release: (() => void) | null = null;

  /** Run `wake` (which lets a thread continue) and wait until that thread parks again. */
  async resume(wake: () => void, drained: () => Promise<boolean>): Promise<'parked' | 'hung'> {
    let parked = false;
    const p = new Promise<void>((r) => {
      this.release = () => {
        parked = true;
        r();
      };
    });
    wake();
    // wait for the park, giving up when the microtasks ran dry without one
    for (;;) {
      const hung = await Promise.race([p.then(() => false), drained()]);
      if (parked) return 'parked';
      if (hung) {
        this.release = null;
        return 'hung';
      }
    }
  }

  park(): void {
    const r = this.release;
    this.release = null;
    r?.();
  }
}
