import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  captureToBytes,
  collectCapture,
  readCapture,
  type CaptureFormat,
  type CaptureInterface,
  type CapturePacket,
} from '../../src/capture/index.ts';
import { hex } from '../../src/stack/wire/bytes.ts';

const NS = 1_000_000_000n;

interface Case {
  readonly format: CaptureFormat;
  readonly epochSeconds: number;
  readonly interfaces: CaptureInterface[];
  readonly packets: CapturePacket[];
}

const linkType = fc.constantFrom(LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2);
const iface = (lt: fc.Arbitrary<number>) =>
  fc.record({ name: fc.string({ maxLength: 12 }), linkType: lt, snaplen: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }) });

/** Any format, 1–4 interfaces (one link type for pcap), any frames, times and cut lengths. */
const captureCase: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom<CaptureFormat>('pcap', 'pcap-ns', 'pcapng'), linkType, fc.integer({ min: 1, max: 4 }))
  .chain(([format, lt, n]) =>
    fc.record({
      format: fc.constant(format),
      epochSeconds: fc.integer({ min: 0, max: 2 ** 31 }),
      interfaces: fc.array(iface(format === 'pcapng' ? linkType : fc.constant(lt)), { minLength: n, maxLength: n }),
      packets: fc.array(
        fc.record({
          ifIndex: fc.integer({ min: 0, max: n - 1 }),
          timeNs: fc.oneof(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
          frame: fc.uint8Array({ maxLength: 400 }),
          extra: fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }),
        }).map(({ extra, ...p }) => ({ ...p, origLength: extra === undefined ? undefined : p.frame.length + extra })),
        { maxLength: 30 },
      ),
    }),
  );

/** What a reader must give back for one packet, computed with BigInt (not our splitter). */
function expected(c: Case, p: CapturePacket) {
  const i = c.interfaces[p.ifIndex]!;
  const t = BigInt(c.epochSeconds) * NS + BigInt(p.timeNs);
  let nsec = Number(t % NS);
  if (c.format === 'pcap') nsec -= nsec % 1000;
  return {
    ifIndex: c.format === 'pcapng' ? p.ifIndex : 0,
    linkType: i.linkType,
    sec: Number(t / NS),
    nsec,
    origLength: p.origLength ?? p.frame.length,
    data: hex(p.frame.subarray(0, i.snaplen ?? 262144)),
  };
}

describe('capture writer → reader', () => {
  it('gives back every frame, interface, length and timestamp, in every format', () => {
    fc.assert(
      fc.property(captureCase, (c) => {
        const bytes = captureToBytes(c, c.packets);
        const got = collectCapture(readCapture(bytes));
        expect(got.error).toBeUndefined();
        expect(got.format).toBe(c.format);
        const shown = got.records.map((r) => ({ ifIndex: r.ifIndex, linkType: r.linkType, sec: r.sec, nsec: r.nsec, origLength: r.origLength, data: hex(r.data) }));
        expect(shown).toEqual(c.packets.map((p) => expected(c, p)));
        expect(got.records.map((r) => r.index)).toEqual(c.packets.map((_, i) => i));
        if (c.format === 'pcapng') expect(got.interfaces.map((i) => i.name)).toEqual(c.interfaces.map((i) => i.name));
      }),
      { numRuns: 300 },
    );
  });

  it('writes byte-identical output for identical input', () => {
    fc.assert(
      fc.property(captureCase, (c) => {
        expect(hex(captureToBytes(c, c.packets))).toBe(hex(captureToBytes(c, c.packets)));
      }),
    );
  });

  it('streams through a batch buffer smaller than a frame without changing a byte', () => {
    fc.assert(
      fc.property(captureCase, fc.integer({ min: 256, max: 600 }), (c, bufferSize) => {
        expect(hex(captureToBytes({ ...c, bufferSize }, c.packets))).toBe(hex(captureToBytes(c, c.packets)));
      }),
    );
  });
});

describe('pcap header', () => {
  it('is the 24 bytes tcpdump writes: LE magic, 2.4, zone 0, sigfigs 0, snaplen 262144, link type', () => {
    const opts = { interfaces: [{ name: 'any', linkType: LINKTYPE_LINUX_SLL }], epochSeconds: 0 };
    // the first 24 bytes of test/fixtures/real/echo10000/mesin1-any.pcap
    expect(hex(captureToBytes({ ...opts, format: 'pcap-ns' }, []))).toBe('4d3cb2a1020004000000000000000000000004007100000000'.slice(0, 48));
    expect(hex(captureToBytes({ ...opts, format: 'pcap' }, []))).toBe('d4c3b2a1020004000000000000000000000004007100000000'.slice(0, 48));
  });

  it('holds a record as seconds, fraction, caplen, origlen in little-endian', () => {
    const opts = { format: 'pcap-ns' as const, interfaces: [{ name: 'eth1', linkType: LINKTYPE_ETHERNET }], epochSeconds: 1795565826 };
    const file = captureToBytes(opts, [{ ifIndex: 0, timeNs: 173_115_681, frame: Uint8Array.of(1, 2, 3) }]);
    // 1795565826 = 0x6b062902, 173115681 = 0x0a518921
    expect(hex(file.subarray(24))).toBe('0229066b' + '2189510a' + '03000000' + '03000000' + '010203');
  });
});

describe('pcapng blocks', () => {
  it('starts with an SHB naming labwire and nothing about the machine', () => {
    const file = captureToBytes({ format: 'pcapng', interfaces: [{ name: 'eth0', linkType: LINKTYPE_ETHERNET }], epochSeconds: 0 }, []);
    const shb = '0a0d0d0a' + '2c000000' + '4d3c2b1a' + '01000000' + 'ffffffffffffffff' + '0400' + '0700' + hex(new TextEncoder().encode('labwire')) + '00' + '00000000' + '2c000000';
    expect(hex(file.subarray(0, 44))).toBe(shb);
  });

  it('describes an interface with if_name and if_tsresol 9', () => {
    const file = captureToBytes({ format: 'pcapng', interfaces: [{ name: 'eth0', linkType: LINKTYPE_LINUX_SLL2, snaplen: 65535 }], epochSeconds: 0 }, []);
    const idb = '01000000' + '28000000' + '1401' + '0000' + 'ffff0000' + '0200' + '0400' + '65746830' + '0900' + '0100' + '09000000' + '00000000' + '28000000';
    expect(hex(file.subarray(44))).toBe(idb);
  });

  it('pads a frame to 4 bytes with zeros and repeats the block length', () => {
    const file = captureToBytes({ format: 'pcapng', interfaces: [{ name: 'a', linkType: 1 }], epochSeconds: 1 }, [{ ifIndex: 0, timeNs: 5, frame: Uint8Array.of(0xaa) }]);
    const epb = file.subarray(file.length - 36);
    // 1 s + 5 ns = 1000000005 ns = 0x3b9aca05
    expect(hex(epb)).toBe('06000000' + '24000000' + '00000000' + '00000000' + '05ca9a3b' + '01000000' + '01000000' + 'aa000000' + '24000000');
  });
});

describe('capture writer misuse', () => {
  const opts = { format: 'pcap' as const, interfaces: [{ name: 'eth0', linkType: 1 }], epochSeconds: 0 };
  it('refuses mixed link types in a pcap file', () => {
    expect(() => captureToBytes({ ...opts, interfaces: [{ name: 'a', linkType: 1 }, { name: 'b', linkType: 113 }] }, [])).toThrow(RangeError);
  });
  it('refuses an unknown interface, a fractional or negative time and an origLength below the frame', () => {
    expect(() => captureToBytes(opts, [{ ifIndex: 1, timeNs: 0, frame: new Uint8Array(1) }])).toThrow(RangeError);
    expect(() => captureToBytes(opts, [{ ifIndex: 0, timeNs: 0.5, frame: new Uint8Array(1) }])).toThrow(RangeError);
    expect(() => captureToBytes(opts, [{ ifIndex: 0, timeNs: -1, frame: new Uint8Array(1) }])).toThrow(RangeError);
    expect(() => captureToBytes(opts, [{ ifIndex: 0, timeNs: 0, frame: new Uint8Array(4), origLength: 3 }])).toThrow(RangeError);
  });
});
