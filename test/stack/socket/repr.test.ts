/**
 * reprBytes against CPython's PyBytes_Repr rules (Objects/bytesobject.c): the quote is ' unless
 * the bytes hold ' and no ", printable ASCII stands as it is, and \\, \t, \n, \r, the quote and
 * everything outside 0x20–0x7e are escaped. The printable fast path and the escaping path must agree.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reprBytes } from '../../../src/stack/socket/repr.ts';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** what Python prints for one byte inside a bytes literal quoted with `quote` */
function pyByte(c: number, quote: string): string {
  if (c === 0x5c) return '\\\\';
  if (c === 0x09) return '\\t';
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c === quote.charCodeAt(0)) return `\\${quote}`;
  if (c < 0x20 || c >= 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  return String.fromCharCode(c);
}

describe('reprBytes', () => {
  it('prints what Python prints for the lab\'s payloads', () => {
    expect(reprBytes(enc('INI ADALAH DATA '))).toBe("b'INI ADALAH DATA '");
    expect(reprBytes(enc("it's"))).toBe('b"it\'s"');
    expect(reprBytes(enc(`'"`))).toBe(`b'\\'"'`);
    expect(reprBytes(enc('a\\b\n\t\r'))).toBe("b'a\\\\b\\n\\t\\r'");
    expect(reprBytes(Uint8Array.of(0, 0x7f, 0x80, 0xff))).toBe("b'\\x00\\x7f\\x80\\xff'");
    expect(reprBytes(new Uint8Array(0))).toBe("b''");
  });

  it('is each byte as Python prints it, between the quote Python picks, for any bytes (long ones too)', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 8000, maxLength: 20000 }).map((b) => b.map((c) => 0x20 + (c % 0x5f)))), (b) => {
      const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
      expect(reprBytes(b)).toBe(`b${quote}${Array.from(b, (c) => pyByte(c, quote)).join('')}${quote}`);
    }), { numRuns: 300 });
  });
});
