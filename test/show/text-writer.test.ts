/** The packet list's byte writer against JavaScript's own number and string forms. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextWriter, decimalDigits, written } from '../../src/show/output/text-writer.ts';

describe('TextWriter', () => {
  it('writes non-negative integers as String does, zero-padded to a width', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.integer({ min: 0, max: 2 ** 32 }), fc.maxSafeNat()), fc.integer({ min: 1, max: 20 }), (n, width) => {
        expect(written((w) => w.uint(n, width))).toBe(String(n).padStart(width, '0'));
        expect(decimalDigits(n)).toBe(String(n).length);
      }),
    );
  });

  it('writes any text as UTF-8, and grows past its first buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 40 }), (texts) => {
        const w = new TextWriter(4);
        for (const t of texts) {
          w.text(t);
          w.arrow();
          w.spaces(3);
        }
        expect(Buffer.from(w.take()).toString('utf8')).toBe(texts.map((t) => `${t} \u2192    `).join(''));
      }),
    );
  });

  it('nests: a string made while another is being written leaves that one whole', () => {
    expect(written((w) => {
      w.text('a');
      w.text(written((v) => v.uint(42)));
      w.byte(0x62);
    })).toBe('a42b');
  });
});
