import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4, readIpv4 } from '../../../src/stack/wire/addr.ts';
import {
  copyTcpSegment, emitTcp, emitTcpInto, newTcpSegment, parseTcp, parseTcpInto, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, tcpHeaderLength, verifyTcpChecksum, type TcpSegmentInit,
} from '../../../src/stack/wire/tcp.ts';
import { reusedTimestamps, tcpOptionsLength, type TcpOption } from '../../../src/stack/wire/tcp-options.ts';
import { bytesOf, checkCodec, hexOf, readPcap, realCapturePath } from '../../helpers/codec.ts';

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const optionArb: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant<TcpOption>({ kind: 'eol' }),
  fc.constant<TcpOption>({ kind: 'nop' }),
  fc.record({ kind: fc.constant('mss' as const), mss: u16 }),
  fc.record({ kind: fc.constant('wscale' as const), shift: fc.integer({ min: 0, max: 14 }) }),
  fc.constant<TcpOption>({ kind: 'sackPermitted' }),
  fc.record({ kind: fc.constant('sack' as const), blocks: fc.array(fc.tuple(u32, u32), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('timestamps' as const), tsval: u32, tsecr: u32 }),
  fc.record({ kind: fc.constant('unknown' as const), code: fc.constantFrom(6, 7, 30, 34, 253), data: fc.uint8Array({ maxLength: 6 }) }),
);
/** option lists that fit the 40-byte area once padded */
const optionsArb = fc.array(optionArb, { maxLength: 6 }).filter((l) => tcpOptionsLength(l) <= 40);
const segmentArb: fc.Arbitrary<TcpSegmentInit> = fc.record({
  srcPort: u16, dstPort: u16, seq: u32, ack: u32, flags: fc.integer({ min: 0, max: 255 }), window: u16, urgent: u16,
  options: optionsArb, payload: fc.uint8Array({ maxLength: 100 }),
});
const SRC = ipv4('172.16.16.102');
const DST = ipv4('172.16.16.101');
const EOL: TcpOption = { kind: 'eol' };

function padded(options: readonly TcpOption[]): TcpOption[] {
  const pad = (4 - (tcpOptionsLength(options) & 3)) & 3;
  return [...options, ...Array<TcpOption>(pad).fill(EOL)];
}

describe('parseTcp / emitTcp', () => {
  checkCodec({
    arbitrary: segmentArb,
    emit: (s) => emitTcp(s, SRC, DST),
    emitInto: (s, out, at) => emitTcpInto(s, SRC, DST, out, at),
    parse: (b, o, end) => parseTcp(b, o, end),
    // padding zeros come back as EOL options: they are EOL bytes on the wire
    expected: (s) => ({ ...s, options: padded(s.options), dataOffset: tcpHeaderLength(s.options) / 4, reserved: 0 }),
    detectableBelow: (s) => tcpHeaderLength(s.options), // the payload runs to the end of the IP payload
  });

  it('computes a checksum the receiver accepts over the pseudo-header', () => {
    fc.assert(fc.property(segmentArb, u32, u32, (s, src, dst) => {
      expect(verifyTcpChecksum(emitTcp(s, src, dst), src, dst).ok).toBe(true);
    }));
  });

  it('writes the options exactly in list order, padding with EOL zeros only to the word boundary', () => {
    const b = emitTcp({ srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: TCP_SYN, window: 0, options: [{ kind: 'mss', mss: 1460 }, { kind: 'wscale', shift: 7 }], payload: new Uint8Array(0) }, SRC, DST);
    expect(b.length).toBe(28);
    expect(b[12]! >>> 4).toBe(7);
    expect(hexOf(b.subarray(20))).toBe('020405b403030700');
  });

  it('adds no padding when the list already ends on a word boundary (NOP, NOP, TS)', () => {
    const options: TcpOption[] = [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 1, tsecr: 2 }];
    expect(tcpHeaderLength(options)).toBe(32);
    expect(emitTcp({ srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: TCP_ACK, window: 0, options, payload: new Uint8Array(3) }, SRC, DST).length).toBe(35);
  });

  it('throws when the options do not fit in 40 bytes (a caller\'s bug)', () => {
    const options: TcpOption[] = Array<TcpOption>(5).fill({ kind: 'timestamps', tsval: 0, tsecr: 0 });
    expect(() => emitTcp({ srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: 0, window: 0, options, payload: new Uint8Array(0) }, SRC, DST)).toThrow(RangeError);
  });

  it('re-emits the reserved bits a parsed segment carries', () => {
    const b = emitTcp({ srcPort: 1, dstPort: 2, seq: 3, ack: 4, flags: TCP_ACK, window: 5, options: [], payload: new Uint8Array(0) }, SRC, DST);
    b[12] = b[12]! | 0x0f;
    const r = parseTcp(b);
    if (!r.ok) expect.fail(JSON.stringify(r.error));
    expect(r.value.reserved).toBe(0x0f);
    expect(emitTcp(r.value, SRC, DST)[12]).toBe(0x5f);
  });
});

describe('parseTcp errors', () => {
  const seg = (): Uint8Array => emitTcp({ srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: TCP_SYN, window: 0, options: [{ kind: 'mss', mss: 1460 }], payload: new Uint8Array(0) }, SRC, DST);

  it('rejects a data offset below 5, at byte 12 of the header', () => {
    const b = new Uint8Array(50);
    const s = seg();
    s[12] = 0x30;
    b.set(s, 26);
    expect(parseTcp(b, 26, 26 + s.length)).toMatchObject({ ok: false, error: { layer: 'tcp', field: 'dataOffset', offset: 38 } });
  });

  it('rejects a data offset that runs past the segment as truncated options', () => {
    const s = seg();
    s[12] = 0xf0;
    expect(parseTcp(s)).toMatchObject({ ok: false, error: { field: 'options', offset: 20 } });
  });

  it('passes an option error through with its absolute offset', () => {
    const s = seg();
    s[21] = 3;
    expect(parseTcp(s)).toMatchObject({ ok: false, error: { field: 'options.mss', offset: 21 } });
  });
});

// ---- the real capture -------------------------------------------------------------------

const any = realCapturePath('echo10000/mesin1-any.pcap');
const eth1 = realCapturePath('echo10000/mesin2-eth1.pcap');
/** tshark's "[Calculated Checksum]" for frames 3–14 (the same segments in both files) */
const TSHARK_CHECKSUM = [0x656f, 0xf354, 0x206e, 0x18ec, 0x203d, 0x20d9, 0x201d, 0x17f6, 0x200e, 0x200d, 0x200b, 0x200c];
/** tshark's "Checksum:" as sent (checksum offload left these unfinished) */
const SENT_CHECKSUM = [0x791a, 0x791a, 0x7912, 0x7940, 0x7912, 0x7932, 0x7912, 0x7920, 0x7912, 0x7912, 0x7912, 0x7912];

for (const [file, ipAt] of [[any, 16], [eth1, 14]] as const) {
  const name = file.split('/').slice(-2).join('/');
  describe(`TCP in ${name}`, () => {
    const frames = readPcap(file).frames.slice(2);
    const tcpAt = ipAt + 20;

    it('re-emits every segment byte for byte except the unfinished checksum, which becomes tshark\'s', () => {
      frames.forEach((f, i) => {
        const r = parseTcp(f, tcpAt);
        if (!r.ok) expect.fail(JSON.stringify(r.error));
        const src = readIpv4(f, ipAt + 12);
        const dst = readIpv4(f, ipAt + 16);
        const out = emitTcp(r.value, src, dst);
        const real = f.subarray(tcpAt);
        expect(hexOf(out.subarray(0, 16)) + hexOf(out.subarray(18))).toBe(hexOf(real.subarray(0, 16)) + hexOf(real.subarray(18)));
        expect((out[16]! << 8) | out[17]!).toBe(TSHARK_CHECKSUM[i]);
      });
    });

    it('reports every checksum in the capture as bad, with tshark\'s expected value', () => {
      frames.forEach((f, i) => {
        const check = verifyTcpChecksum(f, readIpv4(f, ipAt + 12), readIpv4(f, ipAt + 16), tcpAt);
        expect(check).toEqual({ ok: false, actual: SENT_CHECKSUM[i], expected: TSHARK_CHECKSUM[i] });
      });
    });

    it('reads frame 3, the SYN, as tshark does', () => {
      expect(parseTcp(frames[0]!, tcpAt)).toEqual({
        ok: true, end: frames[0]!.length,
        value: {
          srcPort: 41932, dstPort: 10000, seq: 2572736371, ack: 0, dataOffset: 10, reserved: 0, flags: TCP_SYN, window: 64240,
          checksum: 0x791a, urgent: 0, payload: new Uint8Array(0),
          options: [
            { kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: 1104539954, tsecr: 0 },
            { kind: 'nop' }, { kind: 'wscale', shift: 10 },
          ],
        },
      });
    });

    it('reads frame 4, the SYN/ACK: seq 3155735735, ack 2572736372, window 65160', () => {
      expect(parseTcp(frames[1]!, tcpAt)).toMatchObject({
        ok: true, value: { srcPort: 10000, dstPort: 41932, seq: 3155735735, ack: 2572736372, flags: TCP_SYN | TCP_ACK, window: 65160 },
      });
    });

    it('reads frame 6, the 46-byte PSH/ACK, with NOP, NOP, TS and the message as payload', () => {
      const r = parseTcp(frames[3]!, tcpAt);
      expect(r).toMatchObject({
        ok: true,
        value: {
          seq: 2572736372, ack: 3155735736, dataOffset: 8, flags: TCP_PSH | TCP_ACK, window: 63,
          options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 1104539955, tsecr: 4277403308 }],
          payload: new TextEncoder().encode('INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ'),
        },
      });
      if (r.ok) expect(r.value.payload.buffer).toBe(frames[3]!.buffer); // a view, not a copy
    });

    it('reads frame 12, the client\'s FIN/ACK', () => {
      expect(parseTcp(frames[9]!, tcpAt)).toMatchObject({ ok: true, value: { flags: TCP_FIN | TCP_ACK, seq: 2572736418, ack: 3155735782 } });
    });
  });
}

describe('emitTcp builds Linux\'s SYN from values', () => {
  it('gives the bytes of echo10000 frame 3 with the finished checksum 0x656f (tshark\'s)', () => {
    const syn: TcpSegmentInit = {
      srcPort: 41932, dstPort: 10000, seq: 2572736371, ack: 0, flags: TCP_SYN, window: 64240,
      options: [
        { kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: 1104539954, tsecr: 0 },
        { kind: 'nop' }, { kind: 'wscale', shift: 10 },
      ],
      payload: new Uint8Array(0),
    };
    const real = bytesOf('a3cc27109958d77300000000a002faf0791a0000020405b40402080a41d5f132000000000103030a');
    const out = emitTcp(syn, SRC, DST);
    expect(hexOf(out)).toBe(hexOf(real).replace('791a', '656f'));
  });
});

describe('parseTcpInto: parseTcp into one reused segment', () => {
  const into = newTcpSegment();
  const reuse = reusedTimestamps();
  const noise = fc.uint8Array({ minLength: 0, maxLength: 80 });

  it('reads every segment, and every corruption of one, as parseTcp does, one after another into the same object', () => {
    fc.assert(fc.property(fc.array(fc.oneof(segmentArb.map((s) => emitTcp(s, SRC, DST)), noise), { minLength: 1, maxLength: 5 }), (wires) => {
      for (const b of wires) {
        const fresh = parseTcp(b, 0, b.length);
        const err = parseTcpInto(b, 0, b.length, into, reuse);
        if (fresh.ok) {
          expect(err).toBeUndefined();
          expect({ ...into, options: into.options.map((o) => ({ ...o })) }).toEqual(fresh.value);
        } else expect(err).toEqual(fresh);
      }
    }));
  });

  it('reuses its NOP NOP TS list, which copyTcpSegment detaches from later segments', () => {
    const seg = (tsval: number): Uint8Array => emitTcp({
      srcPort: 1, dstPort: 2, seq: 3, ack: 4, flags: TCP_ACK, window: 5,
      options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval, tsecr: 7 }], payload: Uint8Array.of(tsval & 0xff),
    }, SRC, DST);
    const first = seg(0xfffffff0);
    parseTcpInto(first, 0, first.length, into, reuse);
    const kept = copyTcpSegment(into);
    const list = into.options;
    const second = seg(11);
    parseTcpInto(second, 0, second.length, into, reuse);
    expect(into.options).toBe(list);
    expect(into.options[2]).toEqual({ kind: 'timestamps', tsval: 11, tsecr: 7 });
    expect(kept.options[2]).toEqual({ kind: 'timestamps', tsval: 0xfffffff0, tsecr: 7 });
    first[first.length - 1] = 0;
    expect(kept.payload).toEqual(Uint8Array.of(0xf0));
  });
});
