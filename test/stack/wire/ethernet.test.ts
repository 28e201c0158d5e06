import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMac } from '../../../src/stack/wire/addr.ts';
import {
  emitEthernet, emitEthernetInto, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet, type EthernetHeader,
} from '../../../src/stack/wire/ethernet.ts';
import { checkCodec, readPcap, realCapturePath } from '../../helpers/codec.ts';

const macArb = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const headerArb: fc.Arbitrary<EthernetHeader> = fc.record({ dst: macArb, src: macArb, etherType: fc.integer({ min: 0, max: 0xffff }) });
const eth1 = realCapturePath('echo10000/mesin2-eth1.pcap');

describe('parseEthernet / emitEthernet', () => {
  checkCodec({
    arbitrary: headerArb,
    emit: (h) => emitEthernet(h),
    emitInto: emitEthernetInto,
    parse: (b, o) => parseEthernet(b, o),
    samples: readPcap(eth1).frames.map((bytes, i) => ({ name: `echo10000/mesin2-eth1.pcap frame ${i + 1} (header)`, bytes: bytes.subarray(0, 14) })),
  });

  it('appends the payload after the 14-byte header', () => {
    const b = emitEthernet({ dst: 1, src: 2, etherType: 0x0800 }, new Uint8Array([9, 8, 7]));
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 8, 0, 9, 8, 7]);
  });

  it('reports a 13-byte buffer as a truncated header at its start', () => {
    const r = parseEthernet(new Uint8Array(20), 7);
    expect(r).toMatchObject({ ok: false, error: { layer: 'eth', field: 'header', offset: 7 } });
  });
});

describe('parseEthernet on echo10000/mesin2-eth1.pcap (values from tshark -V)', () => {
  const frames = readPcap(eth1).frames;

  it('reads frame 1, the ARP request, as broadcast from 02:42:ac:10:10:66 with type ARP', () => {
    const r = parseEthernet(frames[0]!);
    expect(r).toEqual({ ok: true, end: 14, value: { dst: parseMac('ff:ff:ff:ff:ff:ff'), src: parseMac('02:42:ac:10:10:66'), etherType: ETHERTYPE_ARP } });
  });

  it('reads frame 3, the SYN, as 02:42:ac:10:10:66 → 02:42:ac:10:10:65 with type IPv4', () => {
    const r = parseEthernet(frames[2]!);
    expect(r).toEqual({ ok: true, end: 14, value: { dst: parseMac('02:42:ac:10:10:65'), src: parseMac('02:42:ac:10:10:66'), etherType: ETHERTYPE_IPV4 } });
  });
});
