/**
 * What a program on a simulated host can ask of its machine. The Python-style socket module
 * is written against this interface only; the simulator (src/sim/process.ts) implements it.
 * Kernel calls never block; `wait` is the one blocking primitive (poll(2) on one fd), and
 * `sleep` the other (time.sleep).
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { Nanos } from '../nanos.ts';

export interface Syscalls {
  readonly kernel: Kernel;
  now(): Nanos;
  /** Unix time of simulated time zero, in whole seconds (time.time() = epoch + now). */
  readonly epochSeconds: number;
  /** poll(fd, mask, timeout): the ready mask, or 0 when `deadline` passed first. null waits forever. */
  wait(fd: number, mask: number, deadline: Nanos | null, what?: string): Promise<number>;
  sleep(duration: Nanos): Promise<void>;
  /** Start another program on this machine now (a daemon's worker, like a goroutine). */
  spawn(name: string, body: (sys: Syscalls) => Promise<void>): void;
  /** The program's standard output and standard error, a line at a time. */
  stdout(line: string): void;
  stderr(line: string): void;
  /** The machine's files (/etc/hosts, /etc/resolv.conf, files a program reads or writes). */
  readonly files: Map<string, Uint8Array>;
}
