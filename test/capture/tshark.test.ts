import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINK_TYPE_NAMES,
  WTAP_ENCAP,
  collectCapture,
  formatEpoch,
  openCaptureWriter,
  readCaptureFile,
  type CaptureFormat,
  type LinkType,
} from '../../src/capture/index.ts';
import { REAL_FIXTURES } from '../helpers/codec.ts';
import { hasTshark, runTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';

const real = REAL_FIXTURES;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labwire-tshark-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ARP request that opens echo10000/mesin2-eth1.pcap: a frame tshark finds nothing wrong with. */
const arp = collectCapture(readCaptureFile(join(real, 'echo10000/mesin2-eth1.pcap'))).records[0]!.data;

const linkType = fc.constantFrom<LinkType>(LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2);
const scenario = (fmt: CaptureFormat) => fc.tuple(fc.constant(fmt), fc.integer({ min: 1, max: 3 }), linkType).chain(([format, n, lt]) =>
  fc.record({
    format: fc.constant(format),
    epochSeconds: fc.integer({ min: 0, max: 2 ** 31 }),
    interfaces: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), { minLength: n, maxLength: n }).chain((names) =>
      fc.tuple(...names.map((name) => fc.record({ name: fc.constant(name), linkType: format === 'pcapng' ? linkType : fc.constant(lt), snaplen: fc.constantFrom(undefined, 64) }))),
    ),
    packets: fc.array(fc.record({ ifIndex: fc.integer({ min: 0, max: n - 1 }), timeNs: fc.integer({ min: 0, max: 10 ** 15 }), frame: fc.uint8Array({ minLength: 14, maxLength: 200 }) }), { minLength: 1, maxLength: 12 }),
  }),
);

describe.skipIf(!hasTshark())('captures labwire writes, as tshark reads them', () => {
  // tshark takes ~0.7 s per file, so a few random captures per format (each up to 12 frames)
  it.each(['pcap', 'pcap-ns', 'pcapng'] as const)('in %s have the frame count, epoch timestamps, lengths, encapsulations and interface names we wrote', (format) => {
    let run = 0;
    fc.assert(
      fc.property(scenario(format), (c) => {
        const path = join(dir, `p${run++}.${c.format}`);
        const w = openCaptureWriter({ ...c, path });
        for (const p of c.packets) w.write(p.ifIndex, p.timeNs, p.frame);
        w.close();
        const rows = tsharkFields(path, ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.encap_type', 'frame.interface_name']);
        const ours = collectCapture(readCaptureFile(path)).records;
        expect(rows).toEqual(
          ours.map((r) => [
            formatEpoch(r),
            String(r.origLength),
            String(r.data.length),
            String(WTAP_ENCAP[r.linkType as LinkType]),
            c.format === 'pcapng' ? c.interfaces[r.ifIndex]!.name : '',
          ]),
        );
        expect(rows).toHaveLength(c.packets.length);
      }),
      { numRuns: 4 },
    );
  });

  it('name the encapsulations as tshark does: Ethernet, Linux cooked-mode capture v1 and v2 (1, 25, 210)', () => {
    const path = join(dir, 'encaps.pcapng');
    const lts = [LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2] as const;
    const w = openCaptureWriter({ path, format: 'pcapng', epochSeconds: 0, interfaces: lts.map((linkType, i) => ({ name: `if${i}`, linkType })) });
    lts.forEach((_, i) => w.write(i, i, arp));
    w.close();
    const out = runTshark(['-r', path, '-V']).stdout;
    const shown = [...out.matchAll(/Encapsulation type: (.*) \((\d+)\)/g)].map((m) => [m[1], Number(m[2])]);
    expect(shown).toEqual(lts.map((lt) => [LINK_TYPE_NAMES[lt], WTAP_ENCAP[lt]]));
  });

  it('find nothing wrong with a well-formed frame, in any format', () => {
    for (const format of ['pcap', 'pcap-ns', 'pcapng'] as const) {
      const path = join(dir, `clean.${format}`);
      const w = openCaptureWriter({ path, format, epochSeconds: 1_795_565_826, interfaces: [{ name: 'eth1', linkType: LINKTYPE_ETHERNET }] });
      w.write(0, 173_115_681, arp);
      w.close();
      expect(tsharkCheck(path)).toEqual({ frames: 1, malformed: [], badChecksums: [], expert: [], warnings: [], tcpAnalysis: [], readError: undefined });
    }
  });
});

describe.skipIf(!hasTshark())('the real Linux captures, as tshark and our reader read them', () => {
  it.each(['echo10000/mesin1-any.pcap', 'echo10000/mesin2-eth1.pcap'])('%s: same times, lengths and encapsulation', (name) => {
    const path = join(real, name);
    const ours = collectCapture(readCaptureFile(path)).records;
    const rows = tsharkFields(path, ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.encap_type']);
    expect(rows).toEqual(ours.map((r) => [formatEpoch(r), String(r.origLength), String(r.data.length), String(WTAP_ENCAP[r.linkType as LinkType])]));
  });
});

describe.skipIf(!hasTshark())('tsharkCheck', () => {
  it("flags the real capture's unfinished TCP checksums (frames 3–14) and nothing malformed", () => {
    const c = tsharkCheck(join(real, 'echo10000/mesin2-eth1.pcap'));
    expect(c.frames).toBe(14);
    expect(c.malformed).toEqual([]);
    expect(c.badChecksums).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((frame) => ({ frame, layer: 'tcp' })));
    expect(c.warnings.filter((w) => w.group === 'checksum').map((w) => w.frame)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(c.warnings[0]!.message).toMatch(/^Bad checksum \[should be 0x[0-9a-f]{4}\]$/);
    expect(c.readError).toBeUndefined();
  });

  it('reports a frame cut inside its IPv4 header as malformed', () => {
    const path = join(dir, 'malformed.pcap');
    const w = openCaptureWriter({ path, format: 'pcap', epochSeconds: 0, interfaces: [{ name: 'eth0', linkType: LINKTYPE_ETHERNET }] });
    w.write(0, 0, Uint8Array.of(2, 0x42, 0xac, 0x10, 0x10, 0x66, 2, 0x42, 0xac, 0x10, 0x10, 0x65, 8, 0, 0x45, 0));
    w.close();
    const c = tsharkCheck(path);
    expect(c.malformed).toEqual([1]);
    expect(c.warnings).toEqual([{ frame: 1, severity: 'error', group: 'malformed', message: 'Malformed Packet (Exception occurred)' }]);
  });

  it('says when tshark could not read the whole file', () => {
    const path = join(dir, 'cut.pcap');
    writeFileSync(path, readFileSync(join(real, 'echo10000/mesin2-eth1.pcap')).subarray(0, 100));
    expect(tsharkCheck(path).readError).toMatch(/cut short in the middle of a packet/);
  });

  it('tsharkFields applies a display filter', () => {
    expect(tsharkFields(join(real, 'echo10000/mesin2-eth1.pcap'), ['frame.number', 'tcp.len'], 'tcp.len > 0')).toEqual([
      ['6', '46'],
      ['8', '32'],
      ['10', '14'],
    ]);
  });
});
