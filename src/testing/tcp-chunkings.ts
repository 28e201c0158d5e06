/**
 * `tcpChunkings(writes)`: the chunks a reading application really gets from recv(n) when
 * `writes` go through labwire's TCP between two simulated Linux hosts, under conditions
 * fast-check draws (tcp-params.ts). Each value carries the seed and parameters that
 * reproduce it and makes the run's capture on demand. When fast-check reports a value as
 * a counterexample, the capture is written to a file and its path is in the report: so a
 * capture exists only for a failing property.
 */
import fc from 'fast-check';
import { cutsOf, describeChunking, type Chunking } from './chunking.ts';
import { shrinkCuts } from './chunkings.ts';
import { layoutStream, type StreamInput } from './stream.ts';
import { runTcp } from './run-tcp.ts';
import type { PairStats } from './pair.ts';
import { asPlainReader, describeParams, isPlainReader, reproduceWith, overriddenKeys, plainReader, readerSizesFixed, tcpParams, type TcpParams, type TcpParamsOverrides } from './tcp-params.ts';
import { captureBytes, saveCapture } from './capture.ts';
import type { Nanos } from '../stack/nanos.ts';

export interface TcpChunking extends Chunking {
  /** the World seed of the run (with `params`, it reproduces the run: `runTcpChunking(writes, params)`) */
  readonly seed: number;
  readonly params: TcpParams;
  /** the writes, as bytes */
  readonly writes: readonly Uint8Array[];
  /** what happened on the wire */
  readonly stats: Readonly<PairStats>;
  /** simulated time when the reader saw the end of the stream (-1: never) */
  readonly endedAt: Nanos;
  /** why the reader never saw the end of the stream (null when it did): `feed` fails on such a run */
  readonly unfinished: string | null;
  /** the run's capture (pcap, ns timestamps, the reader's eth0), made by replaying the run */
  capture(): Uint8Array;
  /** write the capture to `path`, or to a file named after the seed and a hash of the run; the path (cached: written once) */
  saveCapture(path?: string): string;
}

export interface TcpChunkingsOptions {
  /** fix parameters, or draw them from your own arbitraries */
  readonly params?: TcpParamsOverrides;
}

function toBytesList(writes: StreamInput): Uint8Array[] {
  const layout = layoutStream(writes);
  return [...layout.messages];
}

/** Multi-line report of a run: the chunks, the parameters, what the wire did, the capture. */
export function describeTcpChunking(c: TcpChunking, capturePath?: string): string {
  const s = c.stats;
  const wire = `${s.dataSegments} data segments, ${s.lost} frames lost, ${s.retransmissions} retransmitted; reader done at ${(c.endedAt / 1e6).toFixed(3)} ms`;
  return [
    `TcpChunking(${describeChunking(c)}`,
    `  ${describeParams(c.params)}`,
    `  ${wire}`,
    ...(c.unfinished ? [`  ${c.unfinished}`] : []),
    ...(capturePath ? [`  capture: ${capturePath} (the reader's eth0; open it in Wireshark)`] : []),
    `  ${reproduceWith(`runTcpChunking(writes, ${JSON.stringify(c.params)})`, c.params)}`,
  ].join('\n');
}

/** One run with these exact parameters (what a counterexample's `reproduce` line calls). */
export function runTcpChunking(writes: StreamInput, params: TcpParams): TcpChunking {
  return runList(toBytesList(writes), params);
}

function runList(list: readonly Uint8Array[], params: TcpParams): TcpChunking {
  const r = runTcp(list, params);
  let saved: string | undefined;
  const value: TcpChunking = {
    chunks: r.chunks,
    cuts: cutsOf(r.chunks),
    seed: params.seed,
    params,
    writes: list,
    stats: r.stats,
    endedAt: r.endedAt,
    unfinished: r.unfinished,
    capture: () => captureBytes(list, params),
    saveCapture(path) {
      if (path) return saveCapture(list, params, path);
      saved ??= saveCapture(list, params);
      return saved;
    },
  };
  Object.defineProperty(value, fc.toStringMethod, {
    enumerable: false,
    value: () => {
      let path: string;
      try {
        path = value.saveCapture();
      } catch (e) {
        path = `(not written: ${e instanceof Error ? e.message : String(e)})`;
      }
      return describeTcpChunking(value, path);
    },
  });
  return value;
}

/**
 * The chunks a reader gets from recv(n) when `writes` cross labwire's TCP, under drawn
 * MSS, Nagle, buffer sizes, reader recv sizes and pauses, writer pauses, latency,
 * bandwidth and loss. Shrinks toward the quiet machine.
 */
export function tcpChunkings(writes: StreamInput, options: TcpChunkingsOptions = {}): fc.Arbitrary<TcpChunking> {
  return new TcpChunkingArbitrary(toBytesList(writes), options.params ?? {});
}

interface RunContext {
  readonly paramsContext: unknown;
}

/**
 * Draws parameters, runs them. Shrinks the parameters field by field toward the quiet
 * machine; when that is stuck, it tries once the same chunks from a plain reader (the quiet
 * machine, a reader that asks recv(n) for exactly the sizes it got). A plain reader's reads
 * shrink as chunkings' cuts do (one read, each single cut, fewer cuts, earlier cuts): so a
 * long message read 64 bytes at a time still ends in as few reads as show the failure.
 */
class TcpChunkingArbitrary extends fc.Arbitrary<TcpChunking> {
  private readonly params: fc.Arbitrary<TcpParams>;
  private readonly fixed: Set<keyof TcpParams>;

  constructor(private readonly writes: readonly Uint8Array[], overrides: TcpParamsOverrides) {
    super();
    this.params = tcpParams(overrides);
    this.fixed = overriddenKeys(overrides);
  }

  private value(p: TcpParams, paramsContext: unknown): fc.Value<TcpChunking> {
    const ctx: RunContext = { paramsContext };
    return new fc.Value(runList(this.writes, p), ctx);
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<TcpChunking> {
    const v = this.params.generate(mrng, biasFactor);
    return this.value(v.value, v.context);
  }

  canShrinkWithoutContext(value: unknown): value is TcpChunking {
    return typeof value === 'object' && value !== null && 'params' in value && 'chunks' in value && this.params.canShrinkWithoutContext((value as TcpChunking).params);
  }

  shrink(value: TcpChunking, context: unknown): fc.Stream<fc.Value<TcpChunking>> {
    // a plain reader's sizes shrink only toward fewer reads: the parameters' own shrinking
    // (recv sizes toward larger ones) would undo a moved cut and never end
    if (!readerSizesFixed(this.fixed) && isPlainReader(value.params, this.fixed)) return this.fewerReads(value);
    const pc = (context as RunContext | undefined)?.paramsContext;
    const own = this.params.shrink(value.params, pc).map((v) => this.value(v.value, v.context));
    const plain = asPlainReader(value.params, value.chunks.map((c) => c.length), this.fixed);
    return plain ? own.join(fc.Stream.of(plain).map((p) => this.value(p, undefined))) : own;
  }

  /** A plain reader's reads, merged and moved as chunkings shrinks cuts. */
  private fewerReads(value: TcpChunking): fc.Stream<fc.Value<TcpChunking>> {
    const total = value.chunks.reduce((n, c) => n + c.length, 0);
    return new fc.Stream(shrinkCuts(value.cuts)).map((cuts) => {
      const sizes = [...cuts, total].map((end, i) => end - (i === 0 ? 0 : cuts[i - 1]!));
      return this.value(plainReader(value.params, sizes, this.fixed), undefined);
    });
  }
}
