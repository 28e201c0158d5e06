/**
 * Readers fed chunks: the shape most framing code has once the socket is taken away. A
 * reader is a function called with each chunk as it arrives that returns the messages the
 * chunk completed (often none). It keeps its own state, so make a fresh one per run.
 */
import type { Chunking } from './chunking.ts';
import { TcpRunError } from './run-tcp.ts';

export type ChunkReader<M> = (chunk: Uint8Array) => Iterable<M>;

/**
 * Feed every chunk, in order, to `reader`; the messages it returned, in order. A tcpChunkings
 * run that never finished (its reader never saw the end of the stream) throws TcpRunError, so
 * the property fails there and fast-check shrinks and reports it with its seed and capture.
 */
export function feed<M>(reader: ChunkReader<M>, chunking: Chunking | readonly Uint8Array[]): M[] {
  if ('unfinished' in chunking && typeof chunking.unfinished === 'string') throw new TcpRunError(chunking.unfinished);
  const chunks = 'chunks' in chunking ? chunking.chunks : chunking;
  const out: M[] = [];
  for (const c of chunks) for (const m of reader(c)) out.push(m);
  return out;
}
