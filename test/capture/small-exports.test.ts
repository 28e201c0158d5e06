import { describe, expect, it } from 'vitest';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL2,
  captureError,
  captureToBytes,
  formatCaptureError,
  formatEpoch,
  isKnownLinkType,
  linkTypeName,
  memorySink,
  openMemoryCaptureWriter,
  recordTimeNs,
} from '../../src/capture/index.ts';

describe('linkTypeName', () => {
  it("gives tshark's names for the link types labwire writes, and the number for others", () => {
    expect(linkTypeName(LINKTYPE_ETHERNET)).toBe('Ethernet');
    expect(linkTypeName(113)).toBe('Linux cooked-mode capture v1');
    expect(linkTypeName(LINKTYPE_LINUX_SLL2)).toBe('Linux cooked-mode capture v2');
    expect(linkTypeName(105)).toBe('LINKTYPE 105');
    expect([1, 113, 276, 0, 105].map(isKnownLinkType)).toEqual([true, true, true, false, false]);
  });
});

describe('record helpers', () => {
  it('recordTimeNs is exact past 2^53 and formatEpoch pads nanoseconds to nine digits', () => {
    expect(recordTimeNs({ sec: 1795565826, nsec: 173152130 })).toBe(1795565826173152130n);
    expect(formatEpoch({ sec: 7, nsec: 5 })).toBe('7.000000005');
  });

  it('formatCaptureError names the file and the offset', () => {
    expect(formatCaptureError(captureError('a.pcap', 40, 'truncated'))).toBe('a.pcap: at offset 40: truncated');
  });
});

describe('memory capture', () => {
  const opts = { format: 'pcap' as const, epochSeconds: 0, interfaces: [{ name: 'eth0', linkType: 1 }] };

  it('a memory sink forgets everything on abort', () => {
    const s = memorySink();
    s.write(Uint8Array.of(1, 2));
    s.abort();
    expect(s.bytes()).toEqual(new Uint8Array(0));
  });

  it('openMemoryCaptureWriter gives the same bytes as captureToBytes', () => {
    const w = openMemoryCaptureWriter(opts);
    w.write(0, 1500, Uint8Array.of(1, 2, 3));
    w.close();
    expect(w.bytes()).toEqual(captureToBytes(opts, [{ ifIndex: 0, timeNs: 1500, frame: Uint8Array.of(1, 2, 3) }]));
    expect(w.packets).toBe(1);
  });

  it('refuses an epoch that does not fit 32-bit seconds', () => {
    expect(() => openMemoryCaptureWriter({ ...opts, epochSeconds: 2 ** 32 })).toThrow(RangeError);
    expect(() => openMemoryCaptureWriter({ ...opts, epochSeconds: 1.5 })).toThrow(RangeError);
    expect(() => openMemoryCaptureWriter({ ...opts, interfaces: [] })).toThrow(RangeError);
  });

  it('refuses a pcap second past 2^32 - 1', () => {
    const w = openMemoryCaptureWriter({ ...opts, epochSeconds: 2 ** 32 - 1 });
    w.write(0, 999_999_999, Uint8Array.of(1));
    expect(() => w.write(0, 1_000_000_000, Uint8Array.of(1))).toThrow(RangeError);
  });
});
