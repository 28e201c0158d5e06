import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMac } from '../../../src/stack/wire/addr.ts';
import { PacketType } from '../../../src/stack/wire/sll.ts';
import { emitSll2, emitSll2ForEthernetInto, emitSll2Into, parseSll2, type Sll2Header } from '../../../src/stack/wire/sll2.ts';
import { bytesOf, checkCodec, hexOf } from '../../helpers/codec.ts';

// Recorded on Linux 6.18 in network namespaces (host a 10.0.1.2 — router 10.0.1.1 — host b),
// `tcpdump -i any -y LINUX_SLL2` on a, with the matching frame from `tcpdump -i a0` on a.
/** a-sll2 frame 1: a's ARP request for 10.0.1.1, sent on ifindex 2 */
const SLL2_ARP = bytesOf('08060000000000020001040602420a0001020000000108000604000102420a0001020a0001020000000000000a000101');
/** a-sll2 frame 4: the router's ICMP time exceeded, received by a */
const SLL2_TIME_EXCEEDED = bytesOf(`
  08000000000000020001000602420a000101000045c00048a3d300004001c01f0a0001010a0001020b00f4ff00000000
  4500002c9e7040000101c45d0a0001020a0002020800e0042d9c00012eee066b00000000ad04080000000000`);
/** the same time exceeded as captured on a's eth (a0) */
const ETH_TIME_EXCEEDED = bytesOf(`
  02420a00010202420a000101080045c00048a3d300004001c01f0a0001010a0001020b00f4ff00000000
  4500002c9e7040000101c45d0a0001020a0002020800e0042d9c00012eee066b00000000ad04080000000000`);
/** a-sll2 frame 9: a datagram out of a tun device (ARPHRD_NONE, no address), ifindex 3 */
const SLL2_TUN = bytesOf('0800000000000003fffe0400000000000000000045000035ec104000401134a50a0003010a000302');

const u16 = fc.integer({ min: 0, max: 0xffff });
const u8 = fc.integer({ min: 0, max: 0xff });
const headerArb: fc.Arbitrary<Sll2Header> = fc.record({
  protocol: u16, reserved: u16, ifIndex: fc.integer({ min: 0, max: 0xffffffff }), arphrdType: u16, packetType: u8, addrLength: u8,
  addr: fc.integer({ min: 0, max: 2 ** 48 - 1 }), addrTail: u16,
});

describe('parseSll2 / emitSll2', () => {
  checkCodec({
    arbitrary: headerArb,
    emit: emitSll2,
    emitInto: emitSll2Into,
    parse: (b, o) => parseSll2(b, o),
    samples: [
      { name: 'an SLL2 ARP request header', bytes: SLL2_ARP.subarray(0, 20) },
      { name: 'an SLL2 header on a received IPv4 packet', bytes: SLL2_TIME_EXCEEDED.subarray(0, 20) },
      { name: 'an SLL2 header of a tun device', bytes: SLL2_TUN.subarray(0, 20) },
    ],
  });

  it('reads the ARP request as tshark does: ARP, ifindex 2, Ethernet, sent by us, from 02:42:0a:00:01:02', () => {
    expect(parseSll2(SLL2_ARP)).toEqual({
      ok: true, end: 20,
      value: { protocol: 0x0806, reserved: 0, ifIndex: 2, arphrdType: 1, packetType: 4, addrLength: 6, addr: parseMac('02:42:0a:00:01:02'), addrTail: 0 },
    });
  });

  it('reads the tun header as tshark does: IPv4, ifindex 3, hardware type 65534, address length 0', () => {
    expect(parseSll2(SLL2_TUN)).toMatchObject({ ok: true, value: { protocol: 0x0800, ifIndex: 3, arphrdType: 65534, packetType: 4, addrLength: 0, addr: 0 } });
  });

  it('reports 19 bytes as a truncated header', () => {
    expect(parseSll2(SLL2_ARP.subarray(0, 19))).toMatchObject({ ok: false, error: { layer: 'sll2', offset: 0 } });
  });
});

describe('emitSll2ForEthernetInto', () => {
  it("turns a0's Ethernet frame into the `any` record Linux wrote for it", () => {
    const out = new Uint8Array(20 + ETH_TIME_EXCEEDED.length - 14);
    expect(emitSll2ForEthernetInto(PacketType.HOST, 2, ETH_TIME_EXCEEDED, 0, out, 0)).toBe(20);
    out.set(ETH_TIME_EXCEEDED.subarray(14), 20);
    expect(hexOf(out)).toBe(hexOf(SLL2_TIME_EXCEEDED));
  });
});
