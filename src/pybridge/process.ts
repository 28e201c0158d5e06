/**
 * One Python program on a simulated host: its child process, the fds it holds (closed when
 * it exits, as the kernel does), the O_NONBLOCK state of each, futex keys for its locks,
 * its simulated threads, its output split into transcript lines, and its report entry.
 */
import type { Syscalls, ThreadHandle } from '../stack/syscall/api.ts';
import { SOL_SOCKET, SO_DOMAIN } from '../stack/abi/linux.ts';
import type { RandomStream } from '../sim/rng.ts';
import { FdModes } from './socket-ops.ts';
import type { PythonChild } from './child.ts';
import type { ProgramReport } from './report.ts';
import type { PyResolver, PyResolverFactory } from './resolver.ts';

export class PyProcess {
  readonly fds = new Set<number>();
  readonly modes = new FdModes();
  readonly threads = new Map<number, ThreadHandle>();
  /** Python threads whose simulated thread has ended */
  readonly ended = new Set<number>();
  private readonly futexes = new Map<number, object>();
  private readonly partial = new Map<number, string>();
  private readonly resolvers = new WeakMap<Syscalls, PyResolver>();
  /** the program called listen(): a server, which the run does not wait for */
  isServer = false;

  constructor(
    readonly child: PythonChild,
    readonly report: ProgramReport,
    private readonly makeResolver: PyResolverFactory,
    private readonly random: RandomStream,
  ) {}

  /** the resolver of one simulated thread (each thread's lookups run on its own syscalls) */
  resolver(sys: Syscalls): PyResolver {
    let r = this.resolvers.get(sys);
    if (!r) this.resolvers.set(sys, (r = this.makeResolver(sys)));
    return r;
  }

  family(fd: number): number {
    return this.familyOf?.(fd) ?? 2;
  }

  familyOf: ((fd: number) => number) | null = null;

  bindFamilies(sys: Syscalls): void {
    this.familyOf = (fd) => {
      const v = sys.getsockopt(fd, SOL_SOCKET, SO_DOMAIN);
      return typeof v === 'number' ? v : 2;
    };
  }

  listened(): void {
    this.isServer = true;
  }

  futexKey(key: number): object {
    let k = this.futexes.get(key);
    if (!k) this.futexes.set(key, (k = { key }));
    return k;
  }

  /** random.seed() for the program's `random` module */
  random32(): number {
    return this.random.nextU32();
  }

  urandom(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let v = this.random.nextU32();
      for (let j = i; j < Math.min(n, i + 4); j++, v >>>= 8) out[j] = v & 0xff;
    }
    return out;
  }

  /** output that rode with a request: whole lines to the transcript, the rest kept */
  output(sys: Syscalls, written: readonly [number, string][] | undefined): void {
    if (!written) return;
    for (const [stream, text] of written) {
      const lines = ((this.partial.get(stream) ?? '') + text).split('\n');
      this.partial.set(stream, lines.pop()!);
      for (const line of lines) (stream === 1 ? sys.stdout : sys.stderr).call(sys, line);
    }
  }

  /** at exit: unterminated last lines, then every fd still open, lowest first (close_files) */
  finish(sys: Syscalls): void {
    for (const [stream, rest] of this.partial) if (rest) (stream === 1 ? sys.stdout : sys.stderr).call(sys, rest);
    this.partial.clear();
    for (const fd of [...this.fds].sort((a, b) => a - b)) sys.close(fd);
    this.fds.clear();
  }
}
