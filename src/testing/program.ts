/**
 * Readers written as programs: an async function on the simulated reading host, given a
 * connected Python-style socket (the lab's client loop is one). The writer is the same as
 * for tcpChunkings; the loop is async because the program is, and it keeps the World's
 * rule: one program resumed at a time, each resumed only when its wait is satisfied, so
 * the order of work comes from the event queue, never from the microtask queue.
 */
import fc from 'fast-check';
import { ParkSignal } from '../sim/process.ts';
import type { FrameSink } from '../sim/capture/tap.ts';
import { makeProgramContext, type ProgramContext } from '../stack/socket/context.ts';
import type { PySocket } from '../stack/socket/socket.ts';
import type { Syscalls } from '../stack/socket/syscalls.ts';
import { POLLERR, POLLHUP, type TcpLayerApi } from '../stack/kernel/tcp-services.ts';
import type { Nanos } from '../stack/nanos.ts';
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { Pair, PORT, WRITER_ADDR, type PairStats } from './pair.ts';
import { Writer } from './actors.ts';
import { layoutStream, type StreamInput } from './stream.ts';
import { cutsOf, describeChunking } from './chunking.ts';
import { describeParams, reproduceWith, tcpParams, type TcpParams, type TcpParamsOverrides } from './tcp-params.ts';
import { defaultCapturePath } from './capture.ts';
import { openCaptureWriter } from '../sim/capture/writer.ts';
import { LINKTYPE_ETHERNET } from '../sim/capture/link-types.ts';

/** A reader program: gets a socket already connected to the writer, returns what it read. */
export type ProgramReader<T> = (sock: PySocket, ctx: ProgramContext) => Promise<T>;

export interface ProgramRun<T> {
  /** what the program returned (undefined when it threw) */
  readonly result: T | undefined;
  /** what it threw, if it did */
  readonly error: unknown;
  /** every non-empty chunk its recv calls returned, in order */
  readonly chunks: readonly Uint8Array[];
  readonly cuts: readonly number[];
  /** its standard output and error (Python logging goes to stderr), a line each */
  readonly transcript: readonly string[];
  readonly stats: Readonly<PairStats>;
  readonly params: TcpParams;
}

interface Blocked {
  readonly fd: number;
  readonly mask: number;
  readonly deadline: Nanos | null;
  readonly resolve: (revents: number) => void;
}

const SETTLE: Nanos = 1e9;
const EPOCH_SECONDS = 1747985640;

function recordRecv(tcp: TcpLayerApi, chunks: Uint8Array[]): TcpLayerApi {
  const recv = tcp.recv.bind(tcp);
  tcp.recv = (id, n, now) => {
    const r = recv(id, n, now);
    if (typeof r !== 'number' && r.length > 0) chunks.push(r.slice());
    return r;
  };
  return tcp;
}

/** The reading host as its program sees it: syscalls, the one blocked wait, its output. */
class ProgramHost {
  readonly signal = new ParkSignal();
  readonly transcript: string[] = [];
  blocked: Blocked | null = null;

  constructor(private readonly pair: Pair) {}

  syscalls(): Syscalls {
    const { pair, signal } = this;
    const self = this;
    return {
      kernel: pair.reader.kernel,
      epochSeconds: EPOCH_SECONDS,
      files: pair.reader.files,
      now: () => pair.now,
      wait(fd, mask, deadline) {
        return new Promise<number>((resolve) => {
          self.blocked = { fd, mask, deadline, resolve };
          if (deadline !== null) pair.wakeAt(Math.max(deadline, pair.now));
          signal.park();
        });
      },
      sleep(d) {
        return this.wait(-1, 0, pair.now + Math.max(0, d)).then(() => undefined);
      },
      spawn() {
        throw new Error('programRuns: a reader program runs alone; spawn() is not available');
      },
      stdout: (line) => void self.transcript.push(line),
      stderr: (line) => void self.transcript.push(line),
    };
  }

  /** poll(2) on the blocked wait: the ready mask, 0 when its deadline passed, undefined while it still waits. */
  readiness(b: Blocked): number | undefined {
    const k = this.pair.reader.kernel;
    if (b.fd >= 0) {
      const f = k.fd(b.fd);
      if (!f) return POLLERR;
      const m = k.tcp.poll(f.id) & (b.mask | POLLERR | POLLHUP);
      if (m) return m;
    }
    return b.deadline !== null && this.pair.now >= b.deadline ? 0 : undefined;
  }

  /** Resume the program if its wait is satisfied; false when it still waits. */
  async resumeIfReady(): Promise<boolean> {
    const b = this.blocked;
    const revents = b ? this.readiness(b) : undefined;
    if (!b || revents === undefined) return false;
    this.blocked = null;
    await this.signal.resume(() => b.resolve(revents));
    this.pair.pumpActors();
    return true;
  }
}

/** The program's frame: a socket connected to the writer, closed when the program returns. */
function connectedBody<T>(sys: Syscalls, params: TcpParams, program: ProgramReader<T>): () => Promise<T> {
  return async () => {
    const ctx = makeProgramContext(sys);
    const sock = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
    if (params.rcvBuf !== null) sock.setsockopt(ctx.socket.SOL_SOCKET, ctx.socket.SO_RCVBUF, params.rcvBuf);
    await sock.connect([formatIpv4Addr(WRITER_ADDR), PORT]);
    try {
      return await program(sock, ctx);
    } finally {
      sock.close();
    }
  };
}

/** Run `program` on the reading host against the writes, under `params`. */
export async function runProgramReader<T>(writes: StreamInput, params: TcpParams, program: ProgramReader<T>, opts: { capture?: FrameSink; limit?: Nanos } = {}): Promise<ProgramRun<T>> {
  const chunks: Uint8Array[] = [];
  const pair = new Pair({ ...params, wrapReaderTcp: (tcp) => recordRecv(tcp, chunks) });
  if (opts.capture) pair.captureReader(opts.capture);
  pair.actors.push(new Writer(pair, layoutStream(writes).messages, params));
  const host = new ProgramHost(pair);
  const body = connectedBody(host.syscalls(), params, program);
  const end: { finished: boolean; result?: T; error?: unknown } = { finished: false };
  pair.pumpActors();
  await host.signal.resume(() => {
    body().then(
      (r) => { end.result = r; end.finished = true; host.signal.park(); },
      (e: unknown) => { end.error = e; end.finished = true; host.signal.park(); },
    );
  });
  pair.pumpActors();
  const limit = opts.limit ?? 3 * 3600e9;
  let endAt = Infinity;
  for (;;) {
    if (end.finished && endAt === Infinity) {
      if (!opts.capture) break;
      endAt = pair.now + SETTLE;
    }
    if (await host.resumeIfReady()) continue;
    const next = pair.nextTime();
    if (next === Infinity || next > endAt) break;
    if (next > limit) {
      end.error ??= new Error(`programRuns: the program did not finish within ${limit / 1e9} s of simulated time`);
      break;
    }
    pair.step();
  }
  if (!end.finished && end.error === undefined) end.error = new Error('programRuns: the program waits for something that can never happen (a stall)');
  return { result: end.result, error: end.error, chunks, cuts: cutsOf(chunks), transcript: host.transcript, stats: { ...pair.stats }, params };
}

/** One drawn case for a program reader: `await run()` runs it. */
export interface ProgramCase<T> {
  readonly params: TcpParams;
  run(): Promise<ProgramRun<T>>;
  /** replay with a capture of the reader's eth0 written to `path` (default: named after the seed and a hash of the run and the program); the path */
  saveCapture(path?: string): Promise<string>;
}

/** Report of a program run: its chunks, transcript tail, parameters and capture. */
export function describeProgramRun(r: ProgramRun<unknown>, capturePath?: string): string {
  const s = r.stats;
  return [
    `ProgramRun(${describeChunking(r)}`,
    `  ${describeParams(r.params, false)}`,
    `  ${s.dataSegments} data segments, ${s.lost} frames lost, ${s.retransmissions} retransmitted`,
    ...(r.error !== undefined ? [`  the program threw: ${r.error instanceof Error ? r.error.message : String(r.error)}`] : []),
    ...r.transcript.slice(-6).map((l) => `  | ${l}`),
    ...(capturePath ? [`  capture: ${capturePath} (the reader's eth0; open it in Wireshark)`] : []),
    `  ${reproduceWith(`runProgramReader(writes, ${JSON.stringify(r.params)}, program)`, r.params)}`,
  ].join('\n');
}

/**
 * Drawn runs of a reader program against `writes` (the reader's recv sizes and pauses are
 * the program's own; every other condition is drawn as for tcpChunkings). Use with
 * fc.asyncProperty; a counterexample's report replays the run with a capture to a file.
 */
export function programRuns<T>(writes: StreamInput, program: ProgramReader<T>, options: { params?: TcpParamsOverrides } = {}): fc.Arbitrary<ProgramCase<T>> {
  // the program makes its own recv calls and pauses: those parameters are not drawn
  const unused = { recvSizes: [], recvSize: 65536, readPauses: [] };
  return tcpParams({ ...options.params, ...unused }).map((params) => {
    const c: ProgramCase<T> = {
      params,
      run: () => runProgramReader(writes, params, program),
      async saveCapture(path) {
        // the reader's source is part of the name: two readers under the same draw, two files
        const file = path ?? defaultCapturePath('program-run', layoutStream(writes).messages, params, String(program));
        const w = openCaptureWriter({ format: 'pcap-ns', interfaces: [{ name: 'eth0', linkType: LINKTYPE_ETHERNET }], epochSeconds: EPOCH_SECONDS, path: file });
        await runProgramReader(writes, params, program, { capture: { write: (t, f) => w.write(0, t, f) } });
        w.close();
        return file;
      },
    };
    Object.defineProperty(c, fc.asyncToStringMethod, {
      enumerable: false,
      value: async () => describeProgramRun(await c.run(), await c.saveCapture()),
    });
    Object.defineProperty(c, fc.toStringMethod, { enumerable: false, value: () => `ProgramCase(${describeParams(params, false)})` });
    return c;
  });
}
