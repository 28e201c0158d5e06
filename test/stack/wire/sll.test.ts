import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMac } from '../../../src/stack/wire/addr.ts';
import {
  ARPHRD_ETHER, ARPHRD_LOOPBACK, emitSll, emitSllForEthernetInto, emitSllInto, PacketType, parseSll, sllForLoopback, type SllHeader,
} from '../../../src/stack/wire/sll.ts';
import { bytesOf, checkCodec, hexOf, readPcap, realCapturePath } from '../../helpers/codec.ts';

const u16 = fc.integer({ min: 0, max: 0xffff });
const headerArb: fc.Arbitrary<SllHeader> = fc.record({
  packetType: u16, arphrdType: u16, addrLength: u16, addr: fc.integer({ min: 0, max: 2 ** 48 - 1 }), addrTail: u16, protocol: u16,
});
const any = realCapturePath('echo10000/mesin1-any.pcap');
const eth1 = realCapturePath('echo10000/mesin2-eth1.pcap');

describe('parseSll / emitSll', () => {
  checkCodec({
    arbitrary: headerArb,
    emit: emitSll,
    emitInto: emitSllInto,
    parse: (b, o) => parseSll(b, o),
    samples: readPcap(any).frames.map((bytes, i) => ({ name: `echo10000/mesin1-any.pcap frame ${i + 1} (header)`, bytes: bytes.subarray(0, 16) })),
  });

  it('has the packet types and hardware types of linux/if_packet.h and linux/if_arp.h', () => {
    expect(PacketType).toEqual({ HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 });
    expect([ARPHRD_ETHER, ARPHRD_LOOPBACK]).toEqual([1, 772]);
  });

  it('gives a loopback packet a zero 6-byte address', () => {
    expect(hexOf(emitSll(sllForLoopback(PacketType.OUTGOING, 0x0800)))).toBe('0004030400060000000000000000' + '0800');
  });

  it('builds the header Linux wrote for a ping on lo (one copy per packet, unicast to us)', () => {
    // `tcpdump -i any -y LINUX_SLL` in a fresh namespace, `ping -c 1 -s 8 127.0.0.1` (Linux 6.18);
    // tshark: Unicast to us (0), Loopback (772), length 6, 00:00:00:00:00:00, IPv4
    const real = bytesOf('0000030400060000000000000000080045000024df2a400040015dac7f0000017f0000010800e79c045200010001020304050607');
    expect(parseSll(real)).toEqual({ ok: true, end: 16, value: sllForLoopback(PacketType.HOST, 0x0800) });
    expect(hexOf(emitSll(sllForLoopback(PacketType.HOST, 0x0800)))).toBe(hexOf(real.subarray(0, 16)));
  });
});

describe('parseSll on echo10000/mesin1-any.pcap (values from tshark -V)', () => {
  const frames = readPcap(any).frames;

  it('reads frame 1, the ARP request, as broadcast from 02:42:ac:10:10:66', () => {
    expect(parseSll(frames[0]!)).toEqual({
      ok: true, end: 16,
      value: { packetType: 1, arphrdType: 1, addrLength: 6, addr: parseMac('02:42:ac:10:10:66'), addrTail: 0, protocol: 0x0806 },
    });
  });

  it('reads frame 2, the ARP reply, as sent by us from 02:42:ac:10:10:65', () => {
    expect(parseSll(frames[1]!)).toMatchObject({ ok: true, value: { packetType: 4, addr: parseMac('02:42:ac:10:10:65'), protocol: 0x0806 } });
  });

  it('reads frame 3, the SYN, as unicast to us carrying IPv4', () => {
    expect(parseSll(frames[2]!)).toMatchObject({ ok: true, value: { packetType: 0, arphrdType: 1, protocol: 0x0800 } });
  });
});

describe('emitSllForEthernetInto', () => {
  it("turns mesin2's Ethernet frames into mesin1's `any` records, byte for byte (frames 3–14)", () => {
    const anyFrames = readPcap(any!).frames;
    const ethFrames = readPcap(eth1!).frames;
    for (let n = 3; n <= 14; n++) {
      const eth = ethFrames[n - 1]!;
      const expected = anyFrames[n - 1]!;
      // mesin2 → mesin1 frames arrive at mesin1 (HOST); mesin1's own are OUTGOING
      const packetType = expected[1] === 4 ? PacketType.OUTGOING : PacketType.HOST;
      const out = new Uint8Array(16 + eth.length - 14);
      expect(emitSllForEthernetInto(packetType, eth, 0, out, 0)).toBe(16);
      out.set(eth.subarray(14), 16);
      expect(hexOf(out)).toBe(hexOf(expected));
    }
  });
});
