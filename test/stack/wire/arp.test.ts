import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4, parseMac } from '../../../src/stack/wire/addr.ts';
import { ARP_REPLY, ARP_REQUEST, emitArp, emitArpInto, parseArp, type ArpPacketInit } from '../../../src/stack/wire/arp.ts';
import { checkCodec, hexOf, readPcap, realCapturePath } from '../../helpers/codec.ts';

const u16 = fc.integer({ min: 0, max: 0xffff });
const mac = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const ip = fc.integer({ min: 0, max: 0xffffffff });
const arpArb: fc.Arbitrary<ArpPacketInit> = fc.record({ htype: u16, ptype: u16, op: u16, senderMac: mac, senderIp: ip, targetMac: mac, targetIp: ip });
const any = realCapturePath('echo10000/mesin1-any.pcap');
const eth1 = realCapturePath('echo10000/mesin2-eth1.pcap');
const anyFrames = readPcap(any).frames;
const ethFrames = readPcap(eth1).frames;

describe('parseArp / emitArp', () => {
  checkCodec({
    arbitrary: arpArb,
    emit: emitArp,
    emitInto: emitArpInto,
    parse: (b, o) => parseArp(b, o),
    samples: [
      ...anyFrames.slice(0, 2).map((bytes, i) => ({ name: `echo10000/mesin1-any.pcap frame ${i + 1}`, bytes, offset: 16 })),
      ...ethFrames.slice(0, 2).map((bytes, i) => ({ name: `echo10000/mesin2-eth1.pcap frame ${i + 1}`, bytes, offset: 14 })),
    ],
  });

  it('defaults to Ethernet and IPv4 when the types are left out', () => {
    const b = emitArp({ op: ARP_REQUEST, senderMac: 0x0242ac101066, senderIp: ipv4('172.16.16.102'), targetMac: 0, targetIp: ipv4('172.16.16.101') });
    expect(hexOf(b.subarray(0, 8))).toBe('0001080006040001');
  });

  it('rejects a hardware address length other than 6, naming hlen and its offset', () => {
    const b = emitArp({ op: 1, senderMac: 0, senderIp: 0, targetMac: 0, targetIp: 0 });
    b[4] = 8;
    expect(parseArp(b)).toMatchObject({ ok: false, error: { layer: 'arp', field: 'hlen', offset: 4 } });
  });

  it('rejects a protocol address length other than 4, naming plen and its offset', () => {
    const b = emitArp({ op: 1, senderMac: 0, senderIp: 0, targetMac: 0, targetIp: 0 });
    b[5] = 16;
    expect(parseArp(b)).toMatchObject({ ok: false, error: { layer: 'arp', field: 'plen', offset: 5 } });
  });
});

describe('parseArp on echo10000/mesin1-any.pcap (values from tshark -V)', () => {
  it('reads frame 1: who has 172.16.16.101? tell 172.16.16.102', () => {
    expect(parseArp(anyFrames[0]!, 16)).toEqual({
      ok: true, end: 44,
      value: {
        htype: 1, ptype: 0x0800, hlen: 6, plen: 4, op: ARP_REQUEST,
        senderMac: parseMac('02:42:ac:10:10:66'), senderIp: ipv4('172.16.16.102'), targetMac: 0, targetIp: ipv4('172.16.16.101'),
      },
    });
  });

  it('reads frame 2: 172.16.16.101 is at 02:42:ac:10:10:65', () => {
    expect(parseArp(anyFrames[1]!, 16)).toMatchObject({
      ok: true,
      value: { op: ARP_REPLY, senderMac: parseMac('02:42:ac:10:10:65'), senderIp: ipv4('172.16.16.101'), targetMac: parseMac('02:42:ac:10:10:66'), targetIp: ipv4('172.16.16.102') },
    });
  });
});
