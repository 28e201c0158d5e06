import { describe, expect, it } from 'vitest';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  captureToBytes,
  collectCapture,
  formatEpoch,
  readCapture,
} from '../../src/capture/index.ts';

/** A little pcapng builder, independent of the writer, that can write either byte order. */
class Blocks {
  private parts: number[] = [];
  constructor(private le: boolean) {}
  private u16(v: number): number[] {
    return this.le ? [v & 0xff, v >>> 8] : [v >>> 8, v & 0xff];
  }
  private u32(v: number): number[] {
    const b = [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    return this.le ? b.reverse() : b;
  }
  private option(code: number, value: number[]): number[] {
    const pad = (4 - (value.length % 4)) % 4;
    return [...this.u16(code), ...this.u16(value.length), ...value, ...new Array<number>(pad).fill(0)];
  }
  block(type: number, body: number[]): this {
    const len = 12 + body.length;
    this.parts.push(...this.u32(type), ...this.u32(len), ...body, ...this.u32(len));
    return this;
  }
  shb(le = this.le): this {
    this.le = le;
    return this.block(0x0a0d0d0a, [...this.u32(0x1a2b3c4d), ...this.u16(1), ...this.u16(0), ...this.u32(0xffffffff), ...this.u32(0xffffffff)]);
  }
  idb(linkType: number, name?: string, tsresol?: number): this {
    const opts: number[] = [];
    if (name !== undefined) opts.push(...this.option(2, [...Buffer.from(name)]));
    if (tsresol !== undefined) opts.push(...this.option(9, [tsresol]));
    if (opts.length) opts.push(0, 0, 0, 0);
    return this.block(1, [...this.u16(linkType), 0, 0, ...this.u32(262144), ...opts]);
  }
  epb(ifId: number, hi: number, lo: number, data: number[], orig = data.length): this {
    const pad = new Array<number>((4 - (data.length % 4)) % 4).fill(0);
    return this.block(6, [...this.u32(ifId), ...this.u32(hi), ...this.u32(lo), ...this.u32(data.length), ...this.u32(orig), ...data, ...pad]);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const split = (units: bigint) => [Number(units >> 32n), Number(units & 0xffffffffn)] as const;

describe('reading pcapng', () => {
  it('reads a big-endian section, and takes microseconds when if_tsresol is absent', () => {
    const [hi, lo] = split(1795565826_173152n); // µs
    const file = new Blocks(false).shb().idb(LINKTYPE_ETHERNET, 'eth1').epb(0, hi, lo, [1, 2, 3]).bytes();
    const got = collectCapture(readCapture(file));
    expect(got.error).toBeUndefined();
    expect(got.interfaces).toEqual([{ kind: 'interface', ifIndex: 0, linkType: 1, snaplen: 262144, name: 'eth1', tsresol: 6 }]);
    expect(got.records.map(formatEpoch)).toEqual(['1795565826.173152000']);
    expect(Array.from(got.records[0]!.data)).toEqual([1, 2, 3]);
  });

  it('honours if_tsresol 9 in either byte order', () => {
    const [hi, lo] = split(1795565826_173152130n);
    for (const le of [true, false]) {
      const file = new Blocks(le).shb().idb(LINKTYPE_LINUX_SLL, 'any', 9).epb(0, hi, lo, [9]).bytes();
      expect(collectCapture(readCapture(file)).records.map(formatEpoch)).toEqual(['1795565826.173152130']);
    }
  });

  it('numbers interfaces across sections, each section with its own byte order', () => {
    const b = new Blocks(true).shb().idb(LINKTYPE_ETHERNET, 'eth0', 9).idb(LINKTYPE_LINUX_SLL, 'any', 9).epb(1, 0, 5, [1]);
    b.shb(false).idb(LINKTYPE_LINUX_SLL2, 'lo', 9).epb(0, 0, 7, [2]);
    const got = collectCapture(readCapture(b.bytes()));
    expect(got.error).toBeUndefined();
    expect(got.interfaces.map((i) => [i.ifIndex, i.name, i.linkType])).toEqual([[0, 'eth0', 1], [1, 'any', 113], [2, 'lo', 276]]);
    expect(got.records.map((r) => [r.index, r.ifIndex, r.linkType, r.nsec])).toEqual([[0, 1, 113, 5], [1, 2, 276, 7]]);
  });

  it('skips block types it does not know', () => {
    const file = new Blocks(true).shb().idb(1, 'eth0', 9).epb(0, 0, 1, [1]).block(0x00000bad, [1, 2, 3, 4]).block(5, []).epb(0, 0, 2, [2]).bytes();
    const got = collectCapture(readCapture(file));
    expect(got.error).toBeUndefined();
    expect(got.records.map((r) => Array.from(r.data))).toEqual([[1], [2]]);
  });

  it('reads simple packet blocks and obsolete packet blocks', () => {
    const b = new Blocks(true).shb().idb(1, 'eth0', 9);
    b.block(3, [5, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0]); // SPB: original length 5
    b.block(2, [0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 7, 8, 0, 0]); // PB: iface 0, ts 0:9, 2 bytes
    const got = collectCapture(readCapture(b.bytes()));
    expect(got.error).toBeUndefined();
    expect(got.records.map((r) => [r.nsec, r.origLength, Array.from(r.data)])).toEqual([[0, 5, [1, 2, 3, 4, 5]], [9, 2, [7, 8]]]);
  });

  it('reads a second section appended to a file labwire wrote', () => {
    const opts = { format: 'pcapng' as const, epochSeconds: 0, interfaces: [{ name: 'eth0', linkType: 1 }] };
    const one = captureToBytes(opts, [{ ifIndex: 0, timeNs: 1, frame: Uint8Array.of(1) }]);
    const got = collectCapture(readCapture(new Uint8Array([...one, ...one])));
    expect(got.records.map((r) => [r.index, r.ifIndex])).toEqual([[0, 0], [1, 1]]);
  });
});

describe('reading pcap', () => {
  it('reads a big-endian (swapped) file with the same records as the little-endian one', () => {
    const le = captureToBytes({ format: 'pcap-ns', epochSeconds: 1795565826, interfaces: [{ name: 'a', linkType: 113 }] }, [
      { ifIndex: 0, timeNs: 173_152_130, frame: Uint8Array.of(1, 2, 3), origLength: 60 },
      { ifIndex: 0, timeNs: 999_999_999, frame: Uint8Array.of(4) },
    ]);
    const be = le.slice();
    const swap = (at: number, n: number) => be.subarray(at, at + n).reverse();
    for (const at of [0, 8, 12, 16, 20]) swap(at, 4);
    swap(4, 2);
    swap(6, 2);
    for (const at of [24, 24 + 16 + 3]) for (let f = 0; f < 16; f += 4) swap(at + f, 4);
    const a = collectCapture(readCapture(le));
    const b = collectCapture(readCapture(be));
    expect(b.error).toBeUndefined();
    expect(b.format).toBe('pcap-ns');
    const view = (c: typeof a) => c.records.map((r) => [formatEpoch(r), r.origLength, Array.from(r.data)]);
    expect(view(b)).toEqual(view(a));
    expect(view(a)).toEqual([['1795565826.173152130', 60, [1, 2, 3]], ['1795565826.999999999', 1, [4]]]);
  });
});
