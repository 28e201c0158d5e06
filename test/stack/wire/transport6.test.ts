/**
 * TCP and UDP over IPv6 (RFC 8200 §8.1: the checksum covers the IPv6 pseudo-header), against
 * the real recordings in test/fixtures/real/ipv6. Those were taken on a veth with checksum
 * offload, so each checksum field holds what the kernel leaves for the device
 * (CHECKSUM_PARTIAL: __tcp_v6_send_check / udp6_hwcsum_outgoing write ~csum_ipv6_magic(…, 0),
 * the folded pseudo-header sum): that field checks our pseudo-header sum, and re-emitting a
 * segment gives back every other byte, with a checksum that verifies. A flipped byte fails
 * verification; UDP over IPv6 may not carry a zero checksum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv6PseudoHeaderSum, parseIpv6 } from '../../../src/stack/wire/ipv6.ts';
import { emitTcp6Into, parseTcp, tcpSegmentLength, verifyTcp6Checksum } from '../../../src/stack/wire/tcp.ts';
import { emitUdp6Into, parseUdp, verifyUdp6Checksum } from '../../../src/stack/wire/udp.ts';
import { IPPROTO_TCP, IPPROTO_UDP } from '../../../src/stack/wire/ipv4.ts';
import { hexOf, readPcap, realCapturePath } from '../../helpers/codec.ts';

const ETH = 14;
const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
/** a copy with the 16-bit field at `o` zeroed */
const withoutField = (b: Uint8Array, o: number): Uint8Array => {
  const c = b.slice();
  c[o] = 0;
  c[o + 1] = 0;
  return c;
};

/** the transport bytes of every frame of `file` carrying `proto`, with their IPv6 addresses */
function transports(file: string, proto: number) {
  return readPcap(realCapturePath(file)).frames.flatMap((f) => {
    const ip = parseIpv6(f, ETH);
    if (!ip.ok || ip.value.protocol !== proto) return [];
    return [{ l4: f.subarray(ip.end, ETH + 40 + ip.value.payloadLength), src: ip.value.src, dst: ip.value.dst }];
  });
}

const tcp = transports('ipv6/tcp.pcap', IPPROTO_TCP);
const udp = transports('ipv6/udp.pcap', IPPROTO_UDP);

describe('TCP over IPv6', () => {
  it("emits each of the 13 real segments back, the checksum over Linux's pseudo-header sum", () => {
    expect(tcp).toHaveLength(13);
    for (const { l4, src, dst } of tcp) {
      expect(u16(l4, 16)).toBe(ipv6PseudoHeaderSum(src, dst, IPPROTO_TCP, l4.length));
      const seg = parseTcp(l4, 0);
      if (!seg.ok) throw new Error(seg.error.reason);
      const out = new Uint8Array(tcpSegmentLength(seg.value));
      expect(emitTcp6Into(seg.value, src, dst, out, 0)).toBe(l4.length);
      expect(hexOf(withoutField(out, 16))).toBe(hexOf(withoutField(l4, 16)));
      expect(verifyTcp6Checksum(out, src, dst).ok).toBe(true);
    }
  });

  it('fails verification when any byte of a segment or its addresses changes', () => {
    const real = tcp[3]!;
    const { src, dst } = real;
    const seg = parseTcp(real.l4, 0);
    if (!seg.ok) throw new Error(seg.error.reason);
    const l4 = new Uint8Array(real.l4.length);
    emitTcp6Into(seg.value, src, dst, l4, 0);
    const word = (b: Uint8Array, i: number): number => (b[i]! << 8) | (b[i + 1] ?? 0);
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (region, n, x) => {
      const copies = [l4.slice(), src.slice(), dst.slice()];
      const b = copies[region]!;
      const i = n % b.length;
      const before = word(b, i & ~1);
      b[i]! ^= x;
      const after = word(b, i & ~1);
      // one's-complement sums cannot tell 0x0000 from 0xffff
      const invisible = (before === 0 && after === 0xffff) || (before === 0xffff && after === 0);
      expect(verifyTcp6Checksum(copies[0]!, copies[1]!, copies[2]!).ok).toBe(invisible);
    }));
  });
});

describe('UDP over IPv6', () => {
  it("emits each real datagram back (DNS included), the checksum over Linux's pseudo-header sum", () => {
    expect(udp.length).toBe(9);
    for (const { l4, src, dst } of udp) {
      expect(u16(l4, 6)).toBe(ipv6PseudoHeaderSum(src, dst, IPPROTO_UDP, l4.length));
      const d = parseUdp(l4, 0);
      if (!d.ok) throw new Error(d.error.reason);
      const out = new Uint8Array(l4.length);
      expect(emitUdp6Into(d.value, src, dst, out, 0)).toBe(l4.length);
      expect(hexOf(withoutField(out, 6))).toBe(hexOf(withoutField(l4, 6)));
      expect(verifyUdp6Checksum(out, src, dst).ok).toBe(true);
    }
  });

  it('refuses a zero checksum, which IPv4 would take as "none computed"', () => {
    const { l4, src, dst } = udp[0]!;
    const zero = l4.slice();
    zero[6] = 0;
    zero[7] = 0;
    expect(verifyUdp6Checksum(zero, src, dst).ok).toBe(false);
  });
});
