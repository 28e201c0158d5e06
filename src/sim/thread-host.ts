/**
 * A thread's side of the scheduler: the ThreadHost its system calls park, spawn and write
 * through, and the handle `spawn` returns. Objects of a few fields with their calls on the
 * prototype: a thread-per-client server holds thousands of threads, and an object of
 * closures cost each about 3 KB (tsx's keepNames also named every closure it made).
 */
import type { Nanos } from './time.ts';
import type { SimHost } from './host.ts';
import type { SimThread } from './process.ts';
import type { ThreadHandle } from '../stack/syscall/api.ts';
import type { ThreadHost } from '../stack/syscall/blocking.ts';
import type { Body, Scheduler } from './threads.ts';

/**
 * What the scheduler gives one thread (ThreadHost). The caller of a call is the thread running
 * now: a socket made in one thread may be used by another.
 */
export class HostedThread implements ThreadHost {
  readonly pid: number;
  readonly tid: number;
  readonly epochSeconds: number;
  readonly files: Map<string, Uint8Array>;

  constructor(private readonly sched: Scheduler, private readonly host: SimHost, private readonly thread: SimThread) {
    this.pid = thread.proc.pid;
    this.tid = thread.tid;
    this.epochSeconds = sched.epochSeconds;
    this.files = host.files;
  }

  now(): Nanos { return this.sched.now; }
  block(fds: readonly number[], events: readonly number[], deadline: Nanos | null, what: string): Promise<void> {
    return this.sched.park(this.sched.caller(this.thread), fds, events, deadline, what);
  }

  busy(what: string): Promise<void> { return this.sched.busy(this.thread, what); }
  spawn(name: string, body: Body): ThreadHandle { return this.sched.spawnThread(this.host, this.thread, name, body); }
  join(h: ThreadHandle): Promise<void> { return this.sched.join(this.thread, h); }
  futexWait(key: object, deadline: Nanos | null): Promise<boolean> { return this.sched.futexWait(this.thread, key, deadline); }
  futexWake(key: object, count: number): number { return this.sched.futexWake(key, count); }
  external<T>(p: Promise<T>): Promise<T> { return this.sched.awaitExternal(this.thread, p); }
  label(what: string | null): void { this.sched.label(this.host, this.thread, what); }
  trace(name: string, start: Nanos, result: string | (() => string)): void { this.sched.trace(this.host, this.thread, name, start, result); }
  stdout(line: string): void { this.sched.output(this.host, this.thread.proc, 'stdout', line); }
  stderr(line: string): void { this.sched.output(this.host, this.thread.proc, 'stderr', line); }
}

/** A started thread as `spawn` returns it. */
export class Handle implements ThreadHandle {
  readonly tid: number;
  readonly name: string;

  constructor(private readonly thread: SimThread) {
    this.tid = thread.tid;
    this.name = thread.name;
  }

  get done(): boolean {
    return this.thread.state === 'done' || this.thread.state === 'failed';
  }
}
