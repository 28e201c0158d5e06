/**
 * Python's `threading` and `queue` modules for programs on simulated hosts, built on the
 * thread's system calls as CPython builds them on pthreads and glibc's futexes: a Thread
 * runs its target as a simulated thread; Lock, Condition and Queue park in simulated time.
 * Wake order is first-come, first-served, so runs are identical.
 */
import type { Syscalls, ThreadHandle } from '../syscall/api.ts';

export class Lock {
  private held = false;

  constructor(private readonly sys: Syscalls) {}

  /** acquire(blocking=True, timeout=-1): true when the lock was taken */
  async acquire(blocking = true, timeout = -1): Promise<boolean> {
    const deadline = timeout >= 0 ? this.sys.now() + Math.round(timeout * 1e9) : null;
    while (this.held) {
      if (!blocking) return false;
      const woken = await this.sys.futexWait(this, deadline);
      if (!woken && deadline !== null && this.sys.now() >= deadline) return false;
    }
    this.held = true;
    return true;
  }

  release(): void {
    if (!this.held) throw new Error('RuntimeError: release unlocked lock');
    this.held = false;
    this.sys.futexWake(this, 1);
  }

  locked(): boolean {
    return this.held;
  }

  /** `with lock:` — runs `body` holding the lock */
  async with<T>(body: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await body();
    } finally {
      this.release();
    }
  }
}

export class Condition {
  private readonly waiters = {};

  constructor(private readonly sys: Syscalls, readonly lock: Lock = new Lock(sys)) {}

  /** wait(timeout=None): releases the lock, parks until notified, takes the lock again */
  async wait(timeout: number | null = null): Promise<boolean> {
    const deadline = timeout === null ? null : this.sys.now() + Math.round(timeout * 1e9);
    this.lock.release();
    const woken = await this.sys.futexWait(this.waiters, deadline);
    await this.lock.acquire();
    return woken;
  }

  notify(n = 1): void {
    this.sys.futexWake(this.waiters, n);
  }

  notify_all(): void {
    this.sys.futexWake(this.waiters, Number.MAX_SAFE_INTEGER);
  }
}

/** queue.Queue: FIFO; get() parks while empty; put() parks while full (maxsize > 0) */
export class Queue<T> {
  private readonly items: T[] = [];
  private readonly notEmpty = {};
  private readonly notFull = {};

  constructor(private readonly sys: Syscalls, readonly maxsize = 0) {}

  async put(item: T): Promise<void> {
    while (this.maxsize > 0 && this.items.length >= this.maxsize) await this.sys.futexWait(this.notFull, null);
    this.items.push(item);
    this.sys.futexWake(this.notEmpty, 1);
  }

  /** get(timeout=None): raises queue.Empty (an Error named Empty) on timeout */
  async get(timeout: number | null = null): Promise<T> {
    const deadline = timeout === null ? null : this.sys.now() + Math.round(timeout * 1e9);
    while (this.items.length === 0) {
      const woken = await this.sys.futexWait(this.notEmpty, deadline);
      if (!woken && deadline !== null && this.sys.now() >= deadline && this.items.length === 0) {
        const e = new Error('queue.Empty');
        e.name = 'Empty';
        throw e;
      }
    }
    const item = this.items.shift()!;
    this.sys.futexWake(this.notFull, 1);
    return item;
  }

  qsize(): number {
    return this.items.length;
  }

  empty(): boolean {
    return this.items.length === 0;
  }
}

export interface ThreadOptions<A extends unknown[]> {
  /** the thread's body, given its own system calls (a thread blocks independently) */
  readonly target: (sys: Syscalls, ...args: A) => Promise<void>;
  readonly args?: A;
  readonly name?: string;
  /** daemon threads do not keep the program alive (Python's daemon=True) */
  readonly daemon?: boolean;
}

/** threading.Thread(target=…, args=…).start(), then join() */
export class Thread<A extends unknown[] = unknown[]> {
  private handle: ThreadHandle | null = null;
  readonly name: string;

  constructor(private readonly sys: Syscalls, private readonly o: ThreadOptions<A>) {
    this.name = o.name ?? 'Thread';
  }

  start(): void {
    if (this.handle) throw new Error('RuntimeError: threads can only be started once');
    const { target, args } = this.o;
    this.handle = this.sys.spawn(this.name, (sys) => target(sys, ...((args ?? []) as A)));
  }

  async join(): Promise<void> {
    if (!this.handle) throw new Error('RuntimeError: cannot join thread before it is started');
    await this.sys.join(this.handle);
  }

  is_alive(): boolean {
    return this.handle !== null && !this.handle.done;
  }
}

export interface ThreadingModule {
  Thread<A extends unknown[]>(o: ThreadOptions<A>): Thread<A>;
  Lock(): Lock;
  Condition(lock?: Lock): Condition;
  Queue<T>(maxsize?: number): Queue<T>;
}

export function makeThreading(sys: Syscalls): ThreadingModule {
  return {
    Thread: (o) => new Thread(sys, o),
    Lock: () => new Lock(sys),
    Condition: (lock) => new Condition(sys, lock),
    Queue: (maxsize) => new Queue(sys, maxsize),
  };
}
