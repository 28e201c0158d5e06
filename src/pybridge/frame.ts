/**
 * The bridge's wire format over the child's pipes: a 12-byte header (meta length, data
 * length, thread number; little-endian u32 each), the meta as UTF-8 JSON, then the raw data.
 * Requests carry `{o: op, a: args, w?: output, ops?: calls answered in the child}` (op
 * `note`: no reply wanted); replies `{t: simulated ns, r?: result, e?: [kind, code, text],
 * sr?: [fd, send room]}` (ahead.ts). The Python end is python/_labwire/channel.py.
 */
export const HEADER_BYTES = 12;

export interface Frame {
  readonly tid: number;
  readonly meta: unknown;
  readonly data: Uint8Array;
}

/** small data rides in the header's buffer (one write); big data is written as it is */
const INLINE_DATA = 64 * 1024;

export function encodeFrame(tid: number, meta: unknown, data?: Uint8Array): Buffer[] {
  const json = JSON.stringify(meta);
  const mlen = Buffer.byteLength(json);
  const dlen = data?.length ?? 0;
  const inline = dlen <= INLINE_DATA ? dlen : 0;
  const head = Buffer.allocUnsafe(HEADER_BYTES + mlen + inline);
  head.writeUInt32LE(mlen, 0);
  head.writeUInt32LE(dlen, 4);
  head.writeUInt32LE(tid, 8);
  head.write(json, HEADER_BYTES);
  if (inline) head.set(data!, HEADER_BYTES + mlen);
  return dlen > inline ? [head, Buffer.from(data!.buffer, data!.byteOffset, dlen)] : [head];
}

/** Cuts a byte stream into frames; `push` returns the frames completed by a chunk. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Frame[] = [];
    for (;;) {
      if (this.buffered < HEADER_BYTES) break;
      const head = this.peek(HEADER_BYTES);
      const mlen = head.readUInt32LE(0);
      const dlen = head.readUInt32LE(4);
      const total = HEADER_BYTES + mlen + dlen;
      if (this.buffered < total) break;
      const whole = this.take(total);
      const meta: unknown = JSON.parse(whole.toString('utf8', HEADER_BYTES, HEADER_BYTES + mlen));
      out.push({ tid: whole.readUInt32LE(8), meta, data: whole.subarray(HEADER_BYTES + mlen, total) });
    }
    return out;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const whole = first.subarray(0, n);
    const rest = first.subarray(n);
    this.chunks[0] = rest;
    if (!rest.length) this.chunks.shift();
    this.buffered -= n;
    return whole;
  }
}
