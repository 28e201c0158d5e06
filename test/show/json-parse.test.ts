/**
 * The JSON reader (src/show/json.ts) and string unescaping (json-string.ts) without tshark:
 * properties over generated documents, and the packet-json.c quirks tshark 4.0 showed
 * (json-body.test.ts compares whole captures with tshark).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBody, type JsonValue } from '../../src/show/json.ts';
import { formatText, unescapeJsonString } from '../../src/show/json-string.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A JsonValue back to plain data, strings unescaped and numbers parsed, to compare with JSON.parse. */
function plain(v: JsonValue): unknown {
  switch (v.kind) {
    case 'object': return Object.fromEntries(v.members.map((m) => [unescapeJsonString(m.key), plain(m.value)]));
    case 'array': return v.items.map(plain);
    case 'string': return unescapeJsonString(v.raw);
    case 'number': return Number(v.text);
    case 'nan': return NaN;
    default: return JSON.parse(v.text);
  }
}

const printable = fc.string({ unit: fc.constantFrom(...'abc xyz/\\"\'{}[]:,é日😀'.split(/(?:)/u)) });
const leaf = fc.oneof(printable, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const doc = fc.letrec((tie) => ({
  // shallow enough to stay inside tvbparse's recursion limit (tested on its own below)
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(printable, tie('value'), { maxKeys: 4 }),
})).object;

describe('the JSON reader', () => {
  it('reads every document JSON.stringify writes, compact or indented, to its end', () => {
    fc.assert(fc.property(doc, fc.constantFrom(0, 2), (d, indent) => {
      const text = JSON.stringify(d, null, indent);
      const r = parseJsonBody(enc(text));
      expect(r.end).toBe(enc(text).length);
      expect(r.texts.map(plain)).toEqual([JSON.parse(text)]);
    }));
  });

  it('stops where a text stops parsing, keeping the texts before it', () => {
    fc.assert(fc.property(doc, fc.constantFrom('x', '1', '"s"', '{"a":01}', '[1,]', '{'), (d, junk) => {
      const good = enc(JSON.stringify(d) + ' ');
      const r = parseJsonBody(enc(JSON.stringify(d) + ' ' + junk));
      expect(r.texts).toHaveLength(1);
      expect(r.end).toBe(good.length);
    }));
  });

  it('takes NaN and whitespace inside numbers, as tvbparse does; not a bare scalar or a leading zero', () => {
    expect(parseJsonBody(enc('[NaN, - 5, 1 .5e 3]')).texts).toHaveLength(1);
    for (const bad of ['42', '"s"', '{"a":01}', '[Infinity]', '{"a":1,}', '{"a" 1}']) expect(parseJsonBody(enc(bad)).end).toBe(0);
  });

  it('gives up past tvbparse\'s recursion depth: 25 nested empty arrays parse, 26 do not', () => {
    expect(parseJsonBody(enc('['.repeat(25) + ']'.repeat(25))).texts).toHaveLength(1);
    expect(parseJsonBody(enc('['.repeat(26) + ']'.repeat(26))).texts).toHaveLength(0);
  });
});

describe('JSON strings as tshark 4.0 shows them', () => {
  it('unescapes what JSON.stringify escapes, for printable text', () => {
    fc.assert(fc.property(printable, (s) => {
      // a \u escape ending the string is dropped by json_string_unescape; JSON.stringify writes none for printable text
      expect(unescapeJsonString(enc(JSON.stringify(s).slice(1, -1)))).toBe(s);
    }));
  });

  it('keeps packet-json.c\'s quirks', () => {
    const u = (s: string): string => unescapeJsonString(enc(s));
    expect(u('\\u00e9x')).toBe('éx');
    expect(u('end \\u00e9')).toBe('end ');
    expect(u('\\u0001\\u200b\\u00adz')).toBe('z');
    expect(u('\\ud83d\\ude00.')).toBe('😀.');
    expect(u('\\ud800xy')).toBe('\ufffdy');
    expect(u('\\udc00.')).toBe('\ufffd.');
    expect(unescapeJsonString(Uint8Array.of(0x61, 0x80, 0x62))).toBe('a\ufffdb');
    expect(unescapeJsonString(Uint8Array.of(0x67, 0xff, 0x68))).toBe('g');
  });

  it('format_text: C escapes and octal for ASCII controls, \\u for other unprintables, backslash as is', () => {
    expect(formatText('a\\b\t\r\n\u0001\u007f\u0085é')).toBe('a\\b\\t\\r\\n\\001\\177\\u0085é');
  });
});
