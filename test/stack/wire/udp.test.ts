import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { emitUdp, emitUdpInto, parseUdp, verifyUdpChecksum, type UdpDatagramInit } from '../../../src/stack/wire/udp.ts';
import { bytesOf, checkCodec, hexOf } from '../../helpers/codec.ts';

// Real frames, recorded on Linux 6.18 with tcpdump in network namespaces; values from tshark.
/**
 * `tcpdump -i any -y LINUX_SLL2`: a datagram 10.0.3.1:40000 → 10.0.3.2:53 sent out of a tun
 * device, which has no checksum offload, so the kernel finished the checksum: 0x7662 [correct].
 */
const TUN_DATAGRAM = bytesOf(`
  0800000000000003fffe0400000000000000000045000035ec104000401134a50a0003010a000302
  9c40003500217662636865636b73756d20646f6e6520696e20736f667477617265`);
/** `tcpdump -i a0`: 10.0.1.2:34370 → 10.0.2.2:9 over a veth; checksum 0x1728 left partial (tshark: should be 0xdfa8) */
const VETH_DATAGRAM = bytesOf('02420a00010102420a0001020800450000275b8540004011c83d0a0001020a00020286420009001317286c61627769726520756470');
const TUN_SRC = ipv4('10.0.3.1');
const TUN_DST = ipv4('10.0.3.2');
const SRC = ipv4('172.16.16.102');
const DST = ipv4('10.255.255.254');

const u16 = fc.integer({ min: 0, max: 0xffff });
const udpArb: fc.Arbitrary<UdpDatagramInit> = fc.record({ srcPort: u16, dstPort: u16, payload: fc.uint8Array({ maxLength: 200 }) });

describe('parseUdp / emitUdp', () => {
  checkCodec({
    arbitrary: udpArb,
    emit: (d) => emitUdp(d, SRC, DST),
    emitInto: (d, out, at) => emitUdpInto(d, SRC, DST, out, at),
    parse: (b, o, end) => parseUdp(b, o, end),
    expected: (d) => ({ ...d, length: 8 + d.payload.length }),
    samples: [{ name: 'a datagram whose checksum Linux finished', bytes: TUN_DATAGRAM, offset: 40, reemit: (d) => emitUdp(d, TUN_SRC, TUN_DST) }],
  });

  it('computes a checksum the receiver accepts, never 0', () => {
    fc.assert(fc.property(udpArb, fc.nat(), fc.nat(), (d, a, b) => {
      const bytes = emitUdp(d, a >>> 0, b >>> 0);
      expect(verifyUdpChecksum(bytes, a >>> 0, b >>> 0).ok).toBe(true);
      expect((bytes[6]! << 8) | bytes[7]!).not.toBe(0);
    }));
  });

  it('sends a computed checksum of 0 as 0xffff (RFC 768)', () => {
    // pseudo-header 0.0.0.0 → 0.0.0.0: protocol 17 + length 10; header: length 10; data 0xffda.
    // 17 + 10 + 10 + 0xffda = 0xffff, whose complement is 0.
    const b = emitUdp({ srcPort: 0, dstPort: 0, payload: bytesOf('ffda') }, 0, 0);
    expect(hexOf(b)).toBe('00000000000affff' + 'ffda');
    expect(verifyUdpChecksum(b, 0, 0)).toEqual({ ok: true, actual: 0xffff, expected: 0xffff });
  });

  it('rejects a length field below 8, at the field', () => {
    expect(parseUdp(bytesOf('0035003500070000'))).toMatchObject({ ok: false, error: { layer: 'udp', field: 'length', offset: 4 } });
  });

  it('rejects a length field beyond the IP payload\'s end, at the field\'s absolute offset', () => {
    expect(parseUdp(TUN_DATAGRAM, 40, TUN_DATAGRAM.length - 1)).toMatchObject({ ok: false, error: { field: 'length', offset: 44 } });
  });
});

describe('parseUdp on real datagrams (values from tshark -V)', () => {
  it('reads the tun datagram: 40000 → 53, length 33, checksum 0x7662, 25 bytes of data', () => {
    expect(parseUdp(TUN_DATAGRAM, 40)).toEqual({
      ok: true, end: 73,
      value: { srcPort: 40000, dstPort: 53, length: 33, checksum: 0x7662, payload: new TextEncoder().encode('checksum done in software') },
    });
  });

  it('reads the veth datagram: 34370 → 9, length 19, checksum 0x1728 as sent', () => {
    expect(parseUdp(VETH_DATAGRAM, 34)).toMatchObject({ ok: true, end: 53, value: { srcPort: 34370, dstPort: 9, length: 19, checksum: 0x1728 } });
  });
});

describe('verifyUdpChecksum', () => {
  it('accepts the checksum Linux finished (0x7662)', () => {
    expect(verifyUdpChecksum(TUN_DATAGRAM, TUN_SRC, TUN_DST, 40)).toEqual({ ok: true, actual: 0x7662, expected: 0x7662 });
  });

  it('calls the offloaded partial checksum bad and gives tshark\'s 0xdfa8', () => {
    expect(verifyUdpChecksum(VETH_DATAGRAM, ipv4('10.0.1.2'), ipv4('10.0.2.2'), 34)).toEqual({ ok: false, actual: 0x1728, expected: 0xdfa8 });
  });

  it('accepts a zero checksum as "none computed"', () => {
    const b = VETH_DATAGRAM.slice(34);
    b[6] = 0;
    b[7] = 0;
    expect(verifyUdpChecksum(b, ipv4('10.0.1.2'), ipv4('10.0.2.2'))).toEqual({ ok: true, actual: 0, expected: 0xdfa8 });
  });

  it('emits the veth datagram with the finished checksum: only bytes 6–7 differ', () => {
    const b = emitUdp({ srcPort: 34370, dstPort: 9, payload: VETH_DATAGRAM.subarray(42) }, ipv4('10.0.1.2'), ipv4('10.0.2.2'));
    expect(hexOf(b)).toBe('864200090013' + 'dfa8' + hexOf(VETH_DATAGRAM.subarray(42)));
  });
});
