/**
 * Captures of one HTTP/1.1 exchange on port 80 whose bodies are chosen by the test (JSON of
 * every shape, invalid JSON, other media types): handshake, request (cut into segments when
 * asked), response, both ends' FINs. Built from the real codecs with test/show/build.ts.
 */
import { MAC1, MAC2, synOpts, tcpFrame, tsOpt, writeCapture, type L2, type Timed } from './build.ts';

export interface Exchange {
  readonly name: string;
  readonly requestType?: string;
  readonly requestBody: string;
  readonly responseType?: string;
  readonly responseBody?: string;
  /** request cut after these byte counts (each cut starts a new segment) */
  readonly cuts?: readonly number[];
}

const CLIENT = { src: '172.16.16.102', dst: '172.16.16.101' };
const SERVER = { src: '172.16.16.101', dst: '172.16.16.102' };
const C2S: L2 = { link: 'eth', srcMac: MAC2, dstMac: MAC1 };
const S2C: L2 = { link: 'eth', srcMac: MAC1, dstMac: MAC2 };
const CPORT = 41000;
const SPORT = 80;
const ISN_C = 1000;
const ISN_S = 5000;

function message(firstLine: string, type: string | undefined, body: string): Uint8Array {
  const b = new TextEncoder().encode(body);
  const ct = type === undefined ? '' : `Content-Type: ${type}\r\n`;
  const head = `${firstLine}\r\nHost: 172.16.16.101\r\n${ct}Content-Length: ${b.length}\r\n\r\n`;
  const h = new TextEncoder().encode(head);
  const out = new Uint8Array(h.length + b.length);
  out.set(h);
  out.set(b, h.length);
  return out;
}

function pieces(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const ends = [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let start = 0;
  return ends.map((e) => { const p = bytes.subarray(start, e); start = e; return p; });
}

/** The exchange's capture file (Ethernet, pcap); returns its path. */
export function exchangeCapture(x: Exchange): string {
  const req = message('POST /data HTTP/1.1', x.requestType, x.requestBody);
  const res = message('HTTP/1.1 200 OK', x.responseType, x.responseBody ?? '');
  const frames: Timed[] = [];
  let t = 1_000_000_000;
  let ts = 100;
  const add = (toServer: boolean, seq: number, ack: number, flags: number, payload: Uint8Array = new Uint8Array(0)): void => {
    const opts = flags & 0x02 ? synOpts(ts, toServer ? 0 : ts, 7) : tsOpt(ts, ts);
    const seg = toServer
      ? { srcPort: CPORT, dstPort: SPORT, seq, ack, flags, options: opts, payload }
      : { srcPort: SPORT, dstPort: CPORT, seq, ack, flags, options: opts, payload };
    frames.push({ t, frame: tcpFrame(toServer ? C2S : S2C, toServer ? CLIENT : SERVER, seg) });
    t += 1_000_000;
    ts += 1;
  };
  add(true, ISN_C, 0, 0x02);
  add(false, ISN_S, ISN_C + 1, 0x12);
  add(true, ISN_C + 1, ISN_S + 1, 0x10);
  let cseq = ISN_C + 1;
  for (const p of pieces(req, x.cuts ?? [])) {
    add(true, cseq, ISN_S + 1, 0x18, p);
    cseq += p.length;
  }
  add(false, ISN_S + 1, cseq, 0x18, res);
  const sEnd = ISN_S + 1 + res.length;
  add(true, cseq, sEnd, 0x11);
  add(false, sEnd, cseq + 1, 0x11);
  add(true, cseq + 1, sEnd + 1, 0x10);
  return writeCapture(`${x.name}.pcap`, 'eth', frames);
}
