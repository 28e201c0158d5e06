/**
 * MAC names as tshark 4.0 resolves them from Wireshark's manuf and wka files: 24-bit vendor
 * prefixes, the 28- and 36-bit blocks, well-known multicast ranges, names longer than eight
 * characters and with non-ASCII letters; -n turns them off; without the files, plain hex.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { useWiresharkData, WIRESHARK_DATA_DIR } from '../../src/show/mac-vendors.ts';
import { macName } from '../../src/show/names.ts';
import { formatMac } from '../../src/stack/wire/addr.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { arpFrame, writeCapture, type Timed } from './build.ts';


const MACS = [
  0x001b21123456, // IntelCor, 24-bit
  0x0055da123456, 0x0055da1abcde, // KoolPOS, a 28-bit block inside an IEEE-registered 24-bit one
  0x001bc5000123, 0x001bc5001abc, // 36-bit blocks
  0x00035f010203, // a short name with a non-ASCII letter
  0x444553010203, // Microsoft: manuf's short name is longer than eight characters
  0x000000010203, // 00:00:00, named by its own hex
  0x0180c2000000, 0x01005e000001, 0x333300000001, 0x3333ff123456, // well-known ranges
  0x01005e0000fb, 0x01005e000080, 0x01005e800000, // the /25 range found by a 40- or 24-bit lookup (IPv4mcast_fb)
  0x00005e00010a, 0x020100000005, // a /40 range and a /16 one whose next bytes are zero
  0x011b21123456, // a group address under a vendor prefix
  0xfeffffffffff, 0x0242ac101065, // no name
];

function capture(): string {
  const frames: Timed[] = MACS.map((m, i) => ({
    t: i * 1000,
    frame: arpFrame({ link: 'eth', srcMac: m, dstMac: MACS[(i + 1) % MACS.length]! }, { op: 1, senderMac: m, senderIp: 0x0a000001 + i, targetMac: 0, targetIp: 0x0a0000fe }),
  }));
  return writeCapture('macs.pcap', 'eth', frames);
}

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  await showCommand(argv, (s) => (out += s), () => undefined);
  return out;
}

afterEach(() => useWiresharkData(WIRESHARK_DATA_DIR));

describe.skipIf(!hasTshark() || !existsSync(`${WIRESHARK_DATA_DIR}/manuf`))('MAC names against tshark', () => {
  it.each([[[]], [['-V']], [['-n']], [['-n', '-V']], [['-q', '-z', 'conv,eth']]])('show %j prints what tshark prints', async (args) => {
    const file = capture();
    expect(await cli(...args, file)).toBe(runTshark(['-r', file, ...args]).stdout);
  });
});

describe('MAC names without Wireshark\'s tables', () => {
  it('are plain hex but for Broadcast and the 00:00:00 prefix', () => {
    useWiresharkData(null);
    for (const m of MACS) expect(macName(m)).toBe(Math.floor(m / 2 ** 24) === 0 ? `00:00:00_${formatMac(m).slice(9)}` : formatMac(m));
    expect(macName(0xffffffffffff)).toBe('Broadcast');
  });
});
