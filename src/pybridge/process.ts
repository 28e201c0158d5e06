/**
 * One Python program on a simulated host: its child process, the fds it holds (closed when
 * it exits, as the kernel does), futex keys for its locks, its simulated threads, its
 * output split into transcript lines, its resolver per thread, and its report entry.
 */
import type { Syscalls, ThreadHandle } from '../stack/syscall/api.ts';
import type { NameResolver } from '../stack/socket/resolver.ts';
import type { ResolverFactory } from '../stack/socket/context.ts';
import { parseIpv4Addr, type Ipv4Addr } from '../stack/wire/addr.ts';
import type { PythonChild } from './child.ts';
import type { ProgramReport } from './report.ts';
import type { Reachable } from './reach.ts';

export class PyProcess {
  readonly fds = new Set<number>();
  readonly threads = new Map<number, ThreadHandle>();
  /** Python threads whose simulated thread has ended */
  readonly ended = new Set<number>();
  private readonly futexes = new Map<number, object>();
  /** the screen's unfinished line, and the stream that began it (both streams share one terminal) */
  private partial = '';
  private partialStream = 1;
  private readonly resolvers = new WeakMap<Syscalls, NameResolver>();
  /** the program called listen(): a server */
  isServer = false;
  /** send receive queues and send room ahead (ahead.ts; off: one round trip per call) */
  readAhead = true;
  /** the addresses the lab simulates (connect/sendto elsewhere is not simulated); null: all */
  reachable: Reachable | null = null;
  /** the fd of the previous request when it was a recv: read-ahead pays off only in a run of recvs */
  lastRecvFd = -1;
  /** fds the program sent on: their replies carry the send room (ahead.ts) */
  readonly sending = new Set<number>();
  /** requests answered since the clock last moved for this program, and when it moved (program.ts: a loop that never waits) */
  callsThisInstant = 0;
  instant = -1;
  frozenLoopCalls = Number.MAX_SAFE_INTEGER;

  constructor(
    readonly child: PythonChild,
    readonly report: ProgramReport,
    private readonly makeResolver: ResolverFactory,
  ) {}

  /** the resolver of one simulated thread (each thread's lookups run on its own system calls) */
  resolver(sys: Syscalls): NameResolver {
    let r = this.resolvers.get(sys);
    if (!r) this.resolvers.set(sys, (r = this.makeResolver(sys)));
    return r;
  }

  /** CPython's setipaddr() for a name: the resolver's first IPv4 address */
  async resolveHost(sys: Syscalls, host: string): Promise<Ipv4Addr> {
    return parseIpv4Addr(await this.resolver(sys).gethostbyname(host))!;
  }

  futexKey(key: number): object {
    let k = this.futexes.get(key);
    if (!k) this.futexes.set(key, (k = { key }));
    return k;
  }

  /**
   * Output that rode with a request: whole lines to the transcript, the rest kept. stdout and
   * stderr are one terminal, as under `docker exec -it`: a flushed partial line (input()'s
   * prompt) goes on with whatever either stream writes next ("Prompt:Traceback …"); the line
   * counts as the stream that began it.
   */
  output(sys: Syscalls, written: readonly [number, string][] | undefined): void {
    if (!written) return;
    for (const [stream, text] of written) {
      if (this.partial === '') this.partialStream = stream;
      const lines = (this.partial + text).split('\n');
      this.partial = lines.pop()!;
      for (const line of lines) {
        this.line(sys, this.partialStream, line);
        this.partialStream = stream;
      }
    }
  }

  private line(sys: Syscalls, stream: number, text: string): void {
    if (stream === 1) sys.stdout(text);
    else sys.stderr(text);
  }

  /**
   * At exit: unterminated last lines, then every fd still open, lowest first (close_files).
   * Threads still parked (daemon threads) wake — their fds are gone, their futexes woken —
   * find the child gone and end, so the process ends as the interpreter's exit ends it.
   */
  finish(sys: Syscalls): void {
    if (this.partial !== '') this.line(sys, this.partialStream, this.partial);
    this.partial = '';
    for (const fd of [...this.fds].sort((a, b) => a - b)) sys.close(fd);
    this.fds.clear();
    for (const key of this.futexes.values()) sys.futexWake(key, Number.MAX_SAFE_INTEGER);
  }
}
