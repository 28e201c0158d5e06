/**
 * Readers written as programs: an async function on the simulated reading host, given a
 * connected Python-style socket (the lab's client loop is one). The writer is the same as
 * for tcpChunkings; the loop is async because the program is, and it keeps the World's
 * rule: one program resumed at a time, each resumed only when its wait is satisfied, so
 * the order of work comes from the event queue, never from the microtask queue.
 */
import fc from 'fast-check';
import type { FrameSink } from '../capture/tap.ts';
import { makeProgramContext, type ProgramContext } from '../stack/socket/context.ts';
import type { PySocket } from '../stack/socket/socket.ts';
import type { Syscalls } from '../stack/syscall/api.ts';
import type { Nanos } from '../stack/nanos.ts';
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { Pair, PAIR_EPOCH_SECONDS, PORT, WRITER_ADDR, type PairStats } from './pair.ts';
import { Writer } from './actors.ts';
import { layoutStream, type StreamInput } from './stream.ts';
import { cutsOf, describeChunking } from './chunking.ts';
import { describeParams, reproduceWith, tcpParams, type TcpParams, type TcpParamsOverrides } from './tcp-params.ts';
import { defaultCapturePath } from './capture.ts';
import { openCaptureWriter } from '../capture/writer.ts';
import { LINKTYPE_ETHERNET } from '../capture/link-types.ts';

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

const SETTLE: Nanos = 1e9;

/** Keep every non-empty chunk the socket's recv calls return. */
function recordRecv(sock: PySocket, chunks: Uint8Array[]): void {
  const recv = sock.recv.bind(sock);
  sock.recv = async (n, flags) => {
    const r = await recv(n, flags);
    if (r.length > 0) chunks.push(r.slice());
    return r;
  };
}

/** The program's main thread: a socket connected to the writer, closed when the program returns. */
function connectedBody<T>(params: TcpParams, program: ProgramReader<T>, chunks: Uint8Array[], end: { finished: boolean; result?: T; error?: unknown }) {
  return async (sys: Syscalls) => {
    const ctx = makeProgramContext(sys);
    const sock = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
    try {
      if (params.rcvBuf !== null) sock.setsockopt(ctx.socket.SOL_SOCKET, ctx.socket.SO_RCVBUF, params.rcvBuf);
      await sock.connect([formatIpv4Addr(WRITER_ADDR), PORT]);
      recordRecv(sock, chunks);
      end.result = await program(sock, ctx);
    } catch (e) {
      end.error = e;
    } finally {
      end.finished = true;
      sock.close();
    }
  };
}

/** Run `program` on the reading host against the writes, under `params`. */
export async function runProgramReader<T>(writes: StreamInput, params: TcpParams, program: ProgramReader<T>, opts: { capture?: FrameSink; limit?: Nanos } = {}): Promise<ProgramRun<T>> {
  const chunks: Uint8Array[] = [];
  const pair = new Pair(params);
  const world = pair.world;
  if (opts.capture) pair.captureReader(opts.capture);
  pair.addActor(new Writer(pair, layoutStream(writes).messages, params));
  const end: { finished: boolean; result?: T; error?: unknown } = { finished: false };
  world.spawn('mesin2', 'reader', connectedBody(params, program, chunks, end), 0);
  pair.start();
  const limit = opts.limit ?? 3 * 3600e9;
  let endAt = Infinity;
  for (;;) {
    if (end.finished && endAt === Infinity) {
      if (!opts.capture) break;
      endAt = world.now + SETTLE;
    }
    const next = world.nextTime();
    if (next === Infinity || next > endAt) break;
    if (next > limit) {
      end.error ??= new Error(`programRuns: the program did not finish within ${limit / 1e9} s of simulated time`);
      break;
    }
    await world.step();
  }
  if (!end.finished && end.error === undefined) end.error = new Error('programRuns: the program waits for something that can never happen (a stall)');
  const transcript = world.transcript.map((l) => l.text);
  return { result: end.result, error: end.error, chunks, cuts: cutsOf(chunks), transcript, stats: { ...pair.stats, events: world.eventCount }, params };
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
        const w = openCaptureWriter({ format: 'pcap-ns', interfaces: [{ name: 'eth0', linkType: LINKTYPE_ETHERNET }], epochSeconds: PAIR_EPOCH_SECONDS, path: file });
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
