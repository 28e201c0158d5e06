import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  collectCapture,
  formatEpoch,
  readCapture,
  readCaptureFile,
} from '../../src/capture/index.ts';
import { REAL_FIXTURES } from '../helpers/codec.ts';

const dir = REAL_FIXTURES;

/**
 * Written down from tshark 4.0.17:
 * `tshark -r FILE -T fields -e frame.number -e frame.len -e frame.cap_len -e frame.time_epoch`
 * and `capinfos FILE` (nanosecond pcap, snaplen 262144).
 */
const truth = {
  'echo10000/mesin1-any.pcap': {
    linkType: LINKTYPE_LINUX_SLL,
    lengths: [44, 44, 76, 76, 68, 114, 68, 100, 68, 82, 68, 68, 68, 68],
    times: [
      '1795565826.173152130', '1795565826.173176256', '1795565826.173190493', '1795565826.173221643',
      '1795565826.173246059', '1795565826.173780507', '1795565826.173789444', '1795565826.174379628',
      '1795565826.174481291', '1795565826.174561414', '1795565826.174598314', '1795565826.174918454',
      '1795565826.175117954', '1795565826.175152810',
    ],
  },
  'echo10000/mesin2-eth1.pcap': {
    linkType: LINKTYPE_ETHERNET,
    lengths: [42, 42, 74, 74, 66, 112, 66, 98, 66, 80, 66, 66, 66, 66],
    times: [
      '1795565826.173115681', '1795565826.173179482', '1795565826.173182308', '1795565826.173225530',
      '1795565826.173243865', '1795565826.173770037', '1795565826.173792139', '1795565826.174408392',
      '1795565826.174477183', '1795565826.174564329', '1795565826.174586422', '1795565826.174854702',
      '1795565826.175125498', '1795565826.175132081',
    ],
  },
} as const;

describe('reading the real Linux captures', () => {
  for (const [name, t] of Object.entries(truth)) {
    describe(name, () => {
      const got = collectCapture(readCaptureFile(join(dir, name)));

      it('is a nanosecond pcap with one interface of the right link type and snaplen 262144', () => {
        expect(got.error).toBeUndefined();
        expect(got.format).toBe('pcap-ns');
        expect(got.interfaces).toEqual([{ kind: 'interface', ifIndex: 0, linkType: t.linkType, snaplen: 262144, name: undefined, tsresol: 9 }]);
      });

      it('gives the frame count and lengths tshark reports, nothing cut', () => {
        expect(got.records.map((r) => r.origLength)).toEqual(t.lengths);
        expect(got.records.map((r) => r.data.length)).toEqual(t.lengths);
      });

      it("gives tshark's nanosecond timestamps", () => {
        expect(got.records.map(formatEpoch)).toEqual(t.times);
      });

      it('reads the same from memory as from the file in 7-byte chunks', () => {
        const fromBytes = collectCapture(readCapture(readFileSync(join(dir, name))));
        const chunked = collectCapture(readCaptureFile(join(dir, name), 7));
        const strip = (c: typeof got) => c.records.map((r) => ({ ...r, data: Array.from(r.data) }));
        expect(strip(fromBytes)).toEqual(strip(got));
        expect(strip(chunked)).toEqual(strip(got));
      });
    });
  }
});
