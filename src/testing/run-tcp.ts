/**
 * One simulated run: the writes go through labwire's TCP between two hosts under the given
 * conditions, and the chunks the reader's recv(n) calls returned come out. Deterministic:
 * the same writes and parameters give the same chunks and, with a capture, the same bytes.
 */
import type { FrameSink } from '../capture/tap.ts';
import type { Nanos } from '../stack/nanos.ts';
import { Pair, type PairStats } from './pair.ts';
import { Reader, Writer } from './actors.ts';
import { describeParams, type TcpParams } from './tcp-params.ts';

export interface TcpRunResult {
  readonly chunks: readonly Uint8Array[];
  readonly stats: Readonly<PairStats>;
  /** simulated time when the reader saw the end of the stream, -1 when it never did */
  readonly endedAt: Nanos;
  /** why the reader never saw the end of the stream, or null */
  readonly unfinished: string | null;
}

export interface TcpRunOptions {
  /** watch the reader's eth0; the run then goes on until the connection has closed */
  readonly capture?: FrameSink;
  /** give up (an error) after this much simulated time; default 3 hours (RTO backoff under loss is slow) */
  readonly limit?: Nanos;
  /** give up (an error) after this many events; default 1,000,000 */
  readonly maxEvents?: number;
}

/** After the reader's end of stream, how long a captured run goes on (the closing FIN/ACKs). */
const SETTLE: Nanos = 1e9;

/** What feed() throws for a run whose reader never saw the end of the stream. */
export class TcpRunError extends Error {
  override name = 'TcpRunError';
}

/** Why a run stopped before the reader saw the end of the stream. */
function whyUnfinished(at: Nanos, limit: Nanos): string {
  return at === Infinity
    ? 'tcpChunkings: the run did not finish: nothing was left to happen (a half-open connection: Linux, too, leaves a client ESTABLISHED when every SYN-ACK retransmission and ACK is lost)'
    : `tcpChunkings: the run did not finish within ${limit / 1e9} s of simulated time`;
}

export function runTcp(writes: readonly Uint8Array[], p: TcpParams, opts: TcpRunOptions = {}): TcpRunResult {
  const pair = new Pair({ seed: p.seed, mss: p.mss, latency: p.latency, bandwidth: p.bandwidth, loss: p.loss });
  if (opts.capture) pair.captureReader(opts.capture);
  const writer = new Writer(pair, writes, p);
  const reader = new Reader(pair, p);
  pair.addActor(writer);
  pair.addActor(reader);
  pair.start();
  const limit = opts.limit ?? 3 * 3600e9;
  const maxEvents = opts.maxEvents ?? 1_000_000;
  let endedAt = -1;
  for (;;) {
    const next = pair.nextTime();
    if (endedAt < 0 && reader.done) {
      endedAt = pair.now;
      if (!opts.capture) break;
    }
    if (next === Infinity || (endedAt >= 0 && next > endedAt + SETTLE)) break;
    if (next > limit || pair.stats.events >= maxEvents) break;
    pair.step();
  }
  // an unfinished run is a result, not an exception: thrown here it would escape fast-check's
  // generation, so the property could neither shrink it nor report its seed and capture
  const unfinished = endedAt >= 0 ? null
    : whyUnfinished(pair.nextTime(), limit) + ` (reader got ${reader.received} bytes, writer ${writer.done ? 'done' : 'still writing'}; ${describeParams(p)})`;
  return { chunks: reader.chunks, stats: { ...pair.stats }, endedAt, unfinished };
}
