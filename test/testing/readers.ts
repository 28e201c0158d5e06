/**
 * Framing code people write, each with the bug and the fix. A reader is fed chunks and
 * returns the messages each chunk completed (labwire/testing's ChunkReader).
 */
import type { ChunkReader } from '../../src/testing/index.ts';

const utf8 = new TextEncoder();

/** A message framed by a 4-byte big-endian length. */
export function frame(text: string): Uint8Array {
  const body = utf8.encode(text);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

function append(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** BUG: one read is one whole message — reads the prefix and takes the body from the same chunk. */
export function lengthPrefixedOneReadOneMessage(): ChunkReader<string> {
  return (chunk) => {
    if (chunk.length < 4) return [];
    const n = new DataView(chunk.buffer, chunk.byteOffset, chunk.length).getUint32(0);
    return [text(chunk.subarray(4, 4 + n))];
  };
}

/** FIX: buffer until the prefix and the whole body are there; take as many messages as there are. */
export function lengthPrefixed(): ChunkReader<string> {
  let buf: Uint8Array = new Uint8Array(0);
  return (chunk) => {
    buf = append(buf, chunk);
    const out: string[] = [];
    for (;;) {
      if (buf.length < 4) return out;
      const n = new DataView(buf.buffer, buf.byteOffset, buf.length).getUint32(0);
      if (buf.length < 4 + n) return out;
      out.push(text(buf.subarray(4, 4 + n)));
      buf = buf.subarray(4 + n);
    }
  };
}

/** BUG: decodes each chunk on its own, so a character split between reads becomes U+FFFD. */
export function lineReaderDecodingEachChunk(): ChunkReader<string> {
  let pending = '';
  return (chunk) => {
    pending += new TextDecoder().decode(chunk);
    const lines = pending.split('\n');
    pending = lines.pop()!;
    return lines;
  };
}

/** FIX: one streaming decoder, which keeps a character's first bytes until the rest come. */
export function lineReader(): ChunkReader<string> {
  let pending = '';
  const decoder = new TextDecoder();
  return (chunk) => {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    return lines;
  };
}

/** BUG: once a message is complete, throws away the rest of the read it came in. */
export function lengthPrefixedDroppingTheRest(): ChunkReader<string> {
  let buf: Uint8Array = new Uint8Array(0);
  return (chunk) => {
    buf = append(buf, chunk);
    if (buf.length < 4) return [];
    const n = new DataView(buf.buffer, buf.byteOffset, buf.length).getUint32(0);
    if (buf.length < 4 + n) return [];
    const msg = text(buf.subarray(4, 4 + n));
    buf = new Uint8Array(0);
    return [msg];
  };
}
