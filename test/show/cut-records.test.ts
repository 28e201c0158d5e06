/**
 * Records cut short by the snapshot length (captured length < original length): `show -V`
 * prints the captured bytes only — no zero-filled payload or padding — and, when a header was
 * cut, tshark's "[Packet size limited during capture: … truncated]" line; output stays
 * bounded whatever the original length claims.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture, collectCapture } from '../../src/capture/index.ts';
import { hasTshark } from '../helpers/tshark.ts';
import { show, tempDir, tshark } from './helpers.ts';

/** A real Ethernet capture: frame 1 ARP, frame 6 a TCP segment of 7306 bytes cut to 128 by the snapshot length. */
const REAL = join(import.meta.dirname, '../fixtures/real/echo2mb/wsl2/echo2mb-logged.mesin2-eth1.pcap');

/** A pcap holding one record of REAL (0-based `index`), cut to `capLen` bytes and claiming `origLength`. */
function cutRecord(index: number, capLen: number, origLength: number): string {
  const rec = collectCapture(readCapture(new Uint8Array(readFileSync(REAL)))).records[index]!;
  const data = rec.data.subarray(0, capLen);
  const file = new Uint8Array(24 + 16 + data.length);
  const dv = new DataView(file.buffer);
  [0xa1b2c3d4, 0x00040002, 0, 0, 262144, 1].forEach((v, i) => (i === 1 ? (dv.setUint16(4, 2, true), dv.setUint16(6, 4, true)) : dv.setUint32(i * 4, v, true)));
  dv.setUint32(24, rec.sec, true);
  dv.setUint32(28, Math.floor(rec.nsec / 1000), true);
  dv.setUint32(32, data.length, true);
  dv.setUint32(36, origLength, true);
  file.set(data, 40);
  const path = join(tempDir(), `cut-${index}-${capLen}-${origLength}.pcap`);
  writeFileSync(path, file);
  return path;
}

describe('show -V on records cut short', () => {
  it('prints a short record claiming 256 KiB in under 2 KB, with no zero-filled data or padding', async () => {
    const r = await show(cutRecord(0, 42, 262144), { verbose: true });
    expect(r.status).toBe(0);
    expect(r.out.length).toBeLessThan(2048);
    expect(r.out).not.toMatch(/Padding|Trailer/);
    expect(r.out).toContain('Frame 1: 262144 bytes on wire (2097152 bits), 42 bytes captured (336 bits)');
  });

  it('prints a cut TCP segment in as many lines whatever original length it claims', async () => {
    const claimed = (await show(cutRecord(5, 1400, 262144), { verbose: true })).out;
    const own = (await show(cutRecord(5, 1400, 7306), { verbose: true })).out;
    expect(claimed.split('\n').length).toBe(own.split('\n').length);
    expect(claimed).not.toMatch(/Padding|00 00 00 00 00 00 00 00/);
    expect(claimed).toContain('Data (62 bytes)');
  });

  it.skipIf(!hasTshark())('matches tshark when every header was captured and only data was cut', async () => {
    for (const [index, cap, orig] of [[5, 1400, 262144], [5, 100, 7306], [0, 42, 262144]] as const) {
      const path = cutRecord(index, cap, orig);
      expect((await show(path, { verbose: true })).out).toBe(tshark(path, '-V'));
      expect((await show(path)).out).toBe(tshark(path));
    }
  });

  it('names the layer whose header was cut, as tshark does, in the details and the Info column', async () => {
    const cases = [[5, 20, 'IPv4', 'IPv4', 'eth:ethertype:ip'], [5, 40, 'TCP', 'TCP', 'eth:ethertype:ip:tcp'], [0, 20, 'ARP/RARP', 'ARP', 'eth:ethertype:arp']] as const;
    for (const [index, cap, layer, column, protocols] of cases) {
      const path = cutRecord(index, cap, 262144);
      const details = (await show(path, { verbose: true })).out;
      expect(details).toContain(`\n[Packet size limited during capture: ${layer} truncated]\n`);
      expect(details).toContain(`[Protocols in frame: ${protocols}]`);
      expect(details).not.toContain('Malformed');
      const row = (await show(path)).out;
      expect(row).toMatch(new RegExp(` ${column} 262144 .*\\[Packet size limited during capture\\]\\n$`));
      if (hasTshark()) expect(row).toBe(tshark(path));
    }
  });
});
