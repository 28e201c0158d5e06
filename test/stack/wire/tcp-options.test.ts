import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emitTcpOptions, emitTcpOptionsInto, parseTcpOptions, tcpOptionLength, type TcpOption,
} from '../../../src/stack/wire/tcp-options.ts';
import { bytesOf, checkCodec, hexOf } from '../../helpers/codec.ts';

/** echo10000 frame 3's options, as tshark lists them: MSS 1460, SACK_PERM, TS 1104539954/0, NOP, WS 10 */
const LINUX_SYN = bytesOf('020405b40402080a41d5f13200000000' + '0103030a');
/** echo10000 frame 6's options: NOP, NOP, TS 1104539955/4277403308 */
const LINUX_DATA = bytesOf('0101080a41d5f133fef3feac');

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const tcpOptionArb: fc.Arbitrary<TcpOption> = fc.oneof(
  fc.constant<TcpOption>({ kind: 'eol' }),
  fc.constant<TcpOption>({ kind: 'nop' }),
  fc.record({ kind: fc.constant('mss' as const), mss: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('wscale' as const), shift: fc.integer({ min: 0, max: 255 }) }),
  fc.constant<TcpOption>({ kind: 'sackPermitted' }),
  fc.record({ kind: fc.constant('sack' as const), blocks: fc.array(fc.tuple(u32, u32), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('timestamps' as const), tsval: u32, tsecr: u32 }),
  fc.record({
    kind: fc.constant('unknown' as const),
    code: fc.integer({ min: 6, max: 255 }).filter((c) => c !== 8),
    data: fc.uint8Array({ maxLength: 12 }),
  }),
);

describe('parseTcpOptions / emitTcpOptionsInto', () => {
  checkCodec({
    arbitrary: fc.array(tcpOptionArb, { maxLength: 6 }),
    emit: emitTcpOptions,
    emitInto: emitTcpOptionsInto,
    parse: (b, o, end) => parseTcpOptions(b, o, end),
    samples: [
      { name: "Linux's SYN options", bytes: LINUX_SYN },
      { name: "Linux's data-segment options", bytes: LINUX_DATA },
    ],
    detectableBelow: () => 0, // a prefix of a list may itself be a list; cut options are tested below
  });

  it('reads the SYN options in wire order with their values', () => {
    expect(parseTcpOptions(LINUX_SYN, 0, 20)).toEqual({
      ok: true, end: 20,
      value: [
        { kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: 1104539954, tsecr: 0 },
        { kind: 'nop' }, { kind: 'wscale', shift: 10 },
      ],
    });
  });

  it('reads the data-segment options as NOP, NOP, timestamps', () => {
    expect(parseTcpOptions(LINUX_DATA, 0, 12)).toEqual({
      ok: true, end: 12, value: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 1104539955, tsecr: 4277403308 }],
    });
  });

  it('reads any NOP, NOP, timestamps area at any offset as those three, and only that area', () => {
    fc.assert(
      fc.property(u32, u32, fc.uint8Array({ maxLength: 7 }), fc.uint8Array({ maxLength: 7 }), (tsval, tsecr, before, after) => {
        const list: TcpOption[] = [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval, tsecr }];
        const bytes = Uint8Array.from([...before, ...emitTcpOptions(list), ...after]);
        expect(parseTcpOptions(bytes, before.length, before.length + 12)).toEqual({ ok: true, end: before.length + 12, value: list });
      }),
    );
  });

  it('keeps zero padding after EOL as further EOLs, so the area re-emits exactly', () => {
    const r = parseTcpOptions(bytesOf('020405b400000000'), 0, 8);
    expect(r).toEqual({ ok: true, end: 8, value: [{ kind: 'mss', mss: 1460 }, { kind: 'eol' }, { kind: 'eol' }, { kind: 'eol' }, { kind: 'eol' }] });
  });

  it('keeps an unknown kind with its raw data (a view of the input)', () => {
    const b = bytesOf('1e06aabbccdd');
    const r = parseTcpOptions(b, 0, 6);
    expect(r).toEqual({ ok: true, end: 6, value: [{ kind: 'unknown', code: 30, data: bytesOf('aabbccdd') }] });
    if (r.ok && r.value[0]!.kind === 'unknown') expect(r.value[0]!.data.buffer).toBe(b.buffer);
  });

  it('reads SACK blocks as [left, right] pairs', () => {
    const r = parseTcpOptions(bytesOf('0101050a0000000100000010'), 0, 12);
    expect(r).toEqual({ ok: true, end: 12, value: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [[1, 16]] }] });
  });
});

describe('parseTcpOptions errors name the option and the offset of its length byte', () => {
  const cases: [string, string, string, number][] = [
    ['an MSS of length 3', '020305b4', 'options.mss', 21],
    ['a window scale of length 4', '03040700', 'options.wscale', 21],
    ['SACK_PERM of length 3', '04030000', 'options.sackPermitted', 21],
    ['timestamps of length 8', '0108080000000000', 'options.timestamps', 22],
    ['a SACK of length 6 (not 2 + 8n)', '0105060000000000', 'options.sack', 22],
    ['an unknown kind of length 1', '1e01', 'options.kind30', 21],
    ['an option running past the area', '010101010208', 'options.mss', 25],
  ];
  for (const [what, hex, field, offset] of cases) {
    it(`rejects ${what}`, () => {
      const b = new Uint8Array(20 + hex.length / 2);
      b.set(bytesOf(hex), 20);
      expect(parseTcpOptions(b, 20, b.length)).toMatchObject({ ok: false, error: { layer: 'tcp', field, offset } });
    });
  }

  it('rejects a kind byte with no length byte after it, at the kind byte', () => {
    expect(parseTcpOptions(bytesOf('010108'), 0, 3)).toMatchObject({ ok: false, error: { field: 'options.timestamps', offset: 2 } });
  });

  it('rejects every cut through a multi-byte option', () => {
    fc.assert(fc.property(tcpOptionArb.filter((o) => o.kind !== 'eol' && o.kind !== 'nop'), (o) => {
      const b = emitTcpOptions([o]);
      for (let k = 1; k < b.length; k++) expect(parseTcpOptions(b, 0, k).ok).toBe(false);
    }));
  });
});

describe('tcpOptionLength', () => {
  it('gives the RFC sizes: EOL/NOP 1, MSS 4, WS 3, SACK_PERM 2, SACK 2+8n, TS 10, other 2+data', () => {
    const lengths = ([
      { kind: 'eol' }, { kind: 'nop' }, { kind: 'mss', mss: 1 }, { kind: 'wscale', shift: 7 }, { kind: 'sackPermitted' },
      { kind: 'sack', blocks: [[1, 2], [3, 4]] }, { kind: 'timestamps', tsval: 1, tsecr: 2 }, { kind: 'unknown', code: 30, data: new Uint8Array(3) },
    ] as TcpOption[]).map(tcpOptionLength);
    expect(lengths).toEqual([1, 1, 4, 3, 2, 18, 10, 5]);
  });

  it("emits Linux's SYN list as the bytes on the wire", () => {
    const list: TcpOption[] = [
      { kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: 1104539954, tsecr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 10 },
    ];
    expect(hexOf(emitTcpOptions(list))).toBe(hexOf(LINUX_SYN));
  });
});
