/**
 * What the tests hand us: one byte stream, or the messages (writes) that make it up. Given
 * messages, the boundaries between them are known, and the chunking arbitraries aim at them.
 */
import { concatBytes } from './chunking.ts';

/** Bytes, text (sent as UTF-8), or a list of messages that follow each other on the stream. */
export type StreamInput = Uint8Array | string | readonly (Uint8Array | string)[];

export interface StreamLayout {
  readonly bytes: Uint8Array;
  /** the messages as byte arrays, in order */
  readonly messages: readonly Uint8Array[];
  /** offsets where a message begins, 0 first */
  readonly starts: readonly number[];
  /** offsets where one message ends and the next begins (inside 1..length-1) */
  readonly boundaries: readonly number[];
}

const utf8 = new TextEncoder();

export function toBytes(x: Uint8Array | string): Uint8Array {
  return typeof x === 'string' ? utf8.encode(x) : x;
}

/** Lay out a stream; `extraBoundaries` adds boundaries the caller knows about (for a single buffer). */
export function layoutStream(input: StreamInput, extraBoundaries: readonly number[] = []): StreamLayout {
  const messages = typeof input === 'string' || input instanceof Uint8Array ? [toBytes(input)] : input.map(toBytes);
  const bytes = messages.length === 1 ? messages[0]! : concatBytes(messages);
  const starts = new Set<number>([0]);
  let at = 0;
  for (const m of messages) {
    starts.add(at);
    at += m.length;
  }
  for (const b of extraBoundaries) if (Number.isInteger(b) && b > 0 && b < bytes.length) starts.add(b);
  const sorted = [...starts].filter((s) => s < bytes.length || s === 0).sort((a, b) => a - b);
  return { bytes, messages, starts: sorted, boundaries: sorted.filter((s) => s > 0) };
}
