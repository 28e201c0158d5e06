import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4, parseMac } from '../../../src/stack/wire/addr.ts';
import { emitArp } from '../../../src/stack/wire/arp.ts';
import { emitEthernet } from '../../../src/stack/wire/ethernet.ts';
import { dissectFrame, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from '../../../src/stack/wire/frame.ts';
import { emitIpv4 } from '../../../src/stack/wire/ipv4.ts';
import { emitIpv6, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS, IPPROTO_ICMPV6 } from '../../../src/stack/wire/ipv6.ts';
import { emitIcmpv6 } from '../../../src/stack/wire/icmpv6.ts';
import { bytesOf, readPcap, realCapturePath } from '../../helpers/codec.ts';

const any = realCapturePath('echo10000/mesin1-any.pcap');
const eth1 = realCapturePath('echo10000/mesin2-eth1.pcap');
/** tshark's tcp.len for frames 3–14 of the echo capture */
const TCP_LEN = [0, 0, 0, 46, 0, 32, 0, 14, 0, 0, 0, 0];

// Recorded on Linux 6.18 in namespaces with `tcpdump -i any -y LINUX_SLL2` (see sll2.test.ts)
const SLL2_TIME_EXCEEDED = bytesOf(`
  08000000000000020001000602420a000101000045c00048a3d300004001c01f0a0001010a0001020b00f4ff00000000
  4500002c9e7040000101c45d0a0001020a0002020800e0042d9c00012eee066b00000000ad04080000000000`);
const SLL2_TUN_UDP = bytesOf(`
  0800000000000003fffe0400000000000000000045000035ec104000401134a50a0003010a000302
  9c40003500217662636865636b73756d20646f6e6520696e20736f667477617265`);

describe('LINKTYPE_*', () => {
  it('has the tcpdump.org numbers: Ethernet 1, Linux SLL 113, Linux SLL2 276', () => {
    expect([LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2]).toEqual([1, 113, 276]);
  });
});

for (const [file, linkType, kind, ipAt] of [[any, LINKTYPE_LINUX_SLL, 'sll', 16], [eth1, LINKTYPE_ETHERNET, 'ethernet', 14]] as const) {
  const name = file.split('/').slice(-2).join('/');
  describe(`dissectFrame on ${name}`, () => {
    const frames = readPcap(file).frames;

    it('dissects every frame without error, as tshark does', () => {
      for (const f of frames) expect(dissectFrame(f, linkType).error).toBeUndefined();
    });

    it('finds ARP in frames 1–2 and nothing above it', () => {
      for (const f of frames.slice(0, 2)) {
        const v = dissectFrame(f, linkType);
        expect(v.link?.kind).toBe(kind);
        expect(v.arp?.targetIp).toBe(ipv4(v.arp?.op === 1 ? '172.16.16.101' : '172.16.16.102'));
        expect([v.ipv4, v.tcp, v.payload]).toEqual([undefined, undefined, undefined]);
        expect(v.networkOffset).toBe(ipAt);
      }
    });

    it('finds IPv4 and TCP in frames 3–14 with tshark\'s payload lengths', () => {
      frames.slice(2).forEach((f, i) => {
        const v = dissectFrame(f, linkType);
        expect(v.tcp?.dstPort === 10000 || v.tcp?.srcPort === 10000).toBe(true);
        expect(v.payload?.length).toBe(TCP_LEN[i]);
        expect(v.transportOffset).toBe(ipAt + 20);
        expect(v.payloadOffset).toBe(f.length - TCP_LEN[i]!);
        expect(v.trailer).toBeUndefined();
      });
    });
  });
}

describe('dissectFrame', () => {
  it('reads an SLL2 ICMP time exceeded: link sll2, IPv4 10.0.1.1 → 10.0.1.2, ICMP type 11', () => {
    const v = dissectFrame(SLL2_TIME_EXCEEDED, LINKTYPE_LINUX_SLL2);
    expect(v.error).toBeUndefined();
    expect(v.link).toMatchObject({ kind: 'sll2', header: { ifIndex: 2, addr: parseMac('02:42:0a:00:01:01') } });
    expect(v.ipv4).toMatchObject({ src: ipv4('10.0.1.1'), dst: ipv4('10.0.1.2'), protocol: 1 });
    expect(v.icmp).toMatchObject({ kind: 'timeExceeded', code: 0, checksum: 0xf4ff });
    expect([v.networkOffset, v.transportOffset, v.payloadOffset]).toEqual([20, 40, -1]);
  });

  it('reads a UDP datagram out of a tun device (SLL2, no link address)', () => {
    const v = dissectFrame(SLL2_TUN_UDP, LINKTYPE_LINUX_SLL2);
    expect(v.udp).toMatchObject({ srcPort: 40000, dstPort: 53, length: 33, checksum: 0x7662 });
    expect(new TextDecoder().decode(v.payload)).toBe('checksum done in software');
    expect(v.payloadOffset).toBe(48);
  });

  it('keeps Ethernet minimum-size padding after an ARP packet as the trailer', () => {
    const arp = emitArp({ op: 1, senderMac: 0x0242ac101066, senderIp: ipv4('172.16.16.102'), targetMac: 0, targetIp: ipv4('172.16.16.101') });
    const frame = emitEthernet({ dst: 0xffffffffffff, src: 0x0242ac101066, etherType: 0x0806 }, new Uint8Array([...arp, ...new Uint8Array(18)]));
    const v = dissectFrame(frame, LINKTYPE_ETHERNET);
    expect(v.arp?.op).toBe(1);
    expect(v.trailer?.length).toBe(18);
  });

  it('keeps bytes beyond the IPv4 total length as the trailer, not as payload', () => {
    const ip = emitIpv4({ ident: 1, flags: { df: true, mf: false }, ttl: 64, protocol: 253, src: 1, dst: 2 }, 4);
    const frame = emitEthernet({ dst: 1, src: 2, etherType: 0x0800 }, new Uint8Array([...ip, 1, 2, 3, 4, 0, 0, 0]));
    const v = dissectFrame(frame, LINKTYPE_ETHERNET);
    expect(Array.from(v.payload!)).toEqual([1, 2, 3, 4]);
    expect(v.trailer?.length).toBe(3);
    expect(v.transportOffset).toBe(-1);
  });

  it('does not look into IPv4 fragments for a transport header', () => {
    const ip = emitIpv4({ ident: 1, flags: { df: false, mf: true }, ttl: 64, protocol: 6, src: 1, dst: 2 }, 8);
    const v = dissectFrame(emitEthernet({ dst: 1, src: 2, etherType: 0x0800 }, new Uint8Array([...ip, ...new Uint8Array(8)])), LINKTYPE_ETHERNET);
    expect([v.tcp, v.error, v.payload?.length]).toEqual([undefined, undefined, 8]);
  });

  it('gives an EtherType it does not dissect (LLDP) as payload without error', () => {
    const v = dissectFrame(emitEthernet({ dst: 1, src: 2, etherType: 0x88cc }, new Uint8Array(40)), LINKTYPE_ETHERNET);
    expect([v.ipv4, v.error, v.payload?.length, v.payloadOffset]).toEqual([undefined, undefined, 40, 14]);
  });

  it('walks IPv6 extension headers to the ICMPv6 message (an MLDv2 report with Hop-by-Hop)', () => {
    const src = new Uint8Array(16);
    const dst = Uint8Array.from([0xff, 2, ...new Array<number>(13).fill(0), 0x16]);
    const hbh = { type: IPPROTO_HOPOPTS, nextHeader: IPPROTO_ICMPV6, bytes: Uint8Array.from([58, 0, 5, 2, 0, 0, 1, 0]) };
    const icmp = emitIcmpv6({ kind: 'other', type: 143, code: 0, rest: new Uint8Array(4) }, src, dst);
    const ip = emitIpv6({ nextHeader: IPPROTO_HOPOPTS, hopLimit: 1, src, dst, extensions: [hbh] }, icmp.length);
    const v = dissectFrame(emitEthernet({ dst: 1, src: 2, etherType: 0x86dd }, new Uint8Array([...ip, ...icmp])), LINKTYPE_ETHERNET);
    expect([v.error, v.ipv6?.protocol, v.ipv6?.extensions.length, v.transportOffset, v.icmpv6?.type]).toEqual([undefined, 58, 1, 14 + 48, 143]);
  });

  it('does not look into IPv6 fragments after the first', () => {
    const a = new Uint8Array(16);
    const frag = { type: IPPROTO_FRAGMENT, nextHeader: 17, bytes: Uint8Array.from([17, 0, 0, 8, 0, 0, 0, 1]) };
    const ip = emitIpv6({ nextHeader: IPPROTO_FRAGMENT, hopLimit: 64, src: a, dst: a, extensions: [frag] }, 8);
    const v = dissectFrame(emitEthernet({ dst: 1, src: 2, etherType: 0x86dd }, new Uint8Array([...ip, ...new Uint8Array(8)])), LINKTYPE_ETHERNET);
    expect([v.udp, v.error, v.ipv6?.fragment, v.payload?.length]).toEqual([undefined, undefined, { offset: 8, more: false, ident: 1 }, 8]);
  });

  it('stops at a cut TCP header, keeping the link and IPv4 layers', () => {
    const f = readPcap(any!).frames[2]!;
    const cut = f.slice();
    cut[16 + 3] = 30; // IPv4 total length 30: 20 of header, only 10 of TCP
    const v = dissectFrame(cut.subarray(0, 16 + 30), LINKTYPE_LINUX_SLL);
    expect(v.link?.kind).toBe('sll');
    expect(v.ipv4?.totalLength).toBe(30);
    expect(v.tcp).toBeUndefined();
    expect(v.error).toMatchObject({ layer: 'tcp', field: 'header', offset: 36 });
  });

  it('names the link type it cannot dissect', () => {
    expect(dissectFrame(new Uint8Array(20), 101).error).toMatchObject({ layer: 'frame', field: 'linkType', offset: 0 });
  });

  it('never throws on real frames with bytes overwritten, and keeps layers before an error', () => {
    const real: [Uint8Array, number][] = [
      [SLL2_TIME_EXCEEDED, LINKTYPE_LINUX_SLL2], [SLL2_TUN_UDP, LINKTYPE_LINUX_SLL2],
      ...readPcap(any).frames.map((f): [Uint8Array, number] => [f, LINKTYPE_LINUX_SLL]),
      ...readPcap(eth1).frames.map((f): [Uint8Array, number] => [f, LINKTYPE_ETHERNET]),
    ];
    const change = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }));
    fc.assert(fc.property(fc.constantFrom(...real), fc.array(change, { minLength: 1, maxLength: 3 }), fc.nat(), ([frame, linkType], changes, cut) => {
      const b = frame.slice(0, frame.length - (cut % 8));
      for (const [at, x] of changes) b[at % b.length] = x;
      const v = dissectFrame(b, linkType);
      if (v.error !== undefined) {
        expect(v.error.offset).toBeLessThanOrEqual(b.length);
        if (v.error.layer === 'tcp' || v.error.layer === 'udp' || v.error.layer === 'icmp') expect(v.ipv4).toBeDefined();
      }
    }), { numRuns: 3000 });
  });

  it('never throws, and always returns the same shape (keys in the same order)', () => {
    const keys = Object.keys(dissectFrame(new Uint8Array(0), LINKTYPE_ETHERNET));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(1, 113, 276, 0), fc.boolean(), (bytes, linkType, ip) => {
      if (ip && bytes.length > 34) {
        bytes[12] = 8; // steer half the cases into IPv4 on Ethernet
        bytes[13] = 0;
        bytes[14] = 0x45;
      }
      const v = dissectFrame(bytes, linkType);
      expect(Object.keys(v)).toEqual(keys);
    }), { numRuns: 2000 });
  });
});
