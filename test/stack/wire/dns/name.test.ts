import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../../src/stack/wire/bytes.ts';
import {
  canonicalName, formatIpv6Addr, formatLabels, nameLabels, parseIpv6Addr, parseName,
} from '../../../../src/stack/wire/dns/index.ts';

describe('DNS name text', () => {
  it('splits a name into its labels, ignoring one trailing dot', () => {
    expect(nameLabels('www.its.ac.id.').map((l) => l.length)).toEqual([3, 3, 2, 2]);
    expect(nameLabels('')).toEqual([]);
  });

  it('escapes dots, backslashes and unprintable bytes as zone files do', () => {
    expect(formatLabels([Uint8Array.from([0x61, 0x2e, 0x62]), Uint8Array.from([0x5c, 0x20, 0xff])])).toBe('a\\.b.\\\\\\032\\255');
  });

  it('labels → text → labels is the identity for any bytes', () => {
    const labels = fc.array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { maxLength: 3 });
    fc.assert(fc.property(labels, (ls) => {
      expect(nameLabels(formatLabels(ls))).toEqual(ls);
    }));
  });

  it('refuses labels over 63 bytes and names over 255', () => {
    expect(() => nameLabels('a'.repeat(64))).toThrow(/bad label/);
    expect(() => nameLabels(Array(64).fill('abc').join('.'))).toThrow(/255/);
  });

  it('compares names case-insensitively through canonicalName', () => {
    expect(canonicalName('WWW.ITS.ac.id.')).toBe('www.its.ac.id');
  });
});

describe('parseName', () => {
  it('ends after the first pointer, not where the pointer leads', () => {
    const b = fromHex('03 616263 00 01 78 c000');
    const r = parseName(b, 0, 5);
    expect(r).toEqual({ ok: true, value: 'x.abc', end: 9 });
  });

  it('refuses a name that pointers make longer than 255 bytes', () => {
    // 4 labels of 63 bytes = 256 with the root byte
    const long = new Uint8Array(4 * 64 + 1);
    for (let i = 0; i < 4; i++) long[i * 64] = 63;
    const r = parseName(long, 0, 0);
    expect(!r.ok && r.error.reason).toMatch(/longer than 255/);
  });
});

describe('IPv6 text', () => {
  it('formats with the longest zero run as :: (RFC 5952)', () => {
    expect(formatIpv6Addr(parseIpv6Addr('2001:0db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6Addr(parseIpv6Addr('::')!)).toBe('::');
    expect(formatIpv6Addr(parseIpv6Addr('fe80::1')!)).toBe('fe80::1');
    expect(formatIpv6Addr(parseIpv6Addr('1:0:2:0:3:0:4:0')!)).toBe('1:0:2:0:3:0:4:0');
  });

  it('rejects malformed text', () => {
    for (const t of ['1::2::3', '1:2:3', 'g::', '1:2:3:4:5:6:7:8:9', '12345::']) expect(parseIpv6Addr(t)).toBeUndefined();
  });

  it('bytes → text → bytes is the identity', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
      expect(parseIpv6Addr(formatIpv6Addr(b))).toEqual(b);
    }));
  });
});
