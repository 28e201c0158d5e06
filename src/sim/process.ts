/**
 * Programs on simulated hosts, and the handshake that keeps them deterministic.
 *
 * A program is `async (ctx) => …` written like the lab's Python. It may only wait on its
 * host's syscalls (`wait`, `sleep`). The world resumes one program at a time and then waits
 * until that program has either blocked again or finished (the park signal) before it pops
 * the next event: the order of work is decided by the event queue, never by the microtask
 * queue.
 */
import type { Nanos } from './time.ts';

export type ProcessState = 'pending' | 'running' | 'blocked' | 'done' | 'failed';

export interface BlockedCall {
  /** what the program waits in, for the stall report: "recv(fd 3)" */
  readonly what: string;
  readonly fd: number;
  readonly mask: number;
  readonly deadline: Nanos | null;
  readonly since: Nanos;
  readonly resolve: (value: number) => void;
}

export interface SimProcess {
  readonly pid: number;
  readonly host: string;
  readonly name: string;
  readonly daemon: boolean;
  state: ProcessState;
  blocked: BlockedCall | null;
  exitCode: number | null;
  error: unknown;
}

/** The park signal: resolved when the running program blocks or ends. */
export class ParkSignal {
  private release: (() => void) | null = null;

  /** Run `wake` (which lets a program continue) and wait until that program parks again. */
  async resume(wake: () => void): Promise<void> {
    const parked = new Promise<void>((r) => {
      this.release = r;
    });
    wake();
    await parked;
  }

  park(): void {
    const r = this.release;
    this.release = null;
    r?.();
  }
}
