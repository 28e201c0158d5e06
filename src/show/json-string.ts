/**
 * JSON strings as Wireshark 4.0 shows them: unescaped by packet-json.c's json_string_unescape
 * (with its quirks, kept because tshark prints them), and written into -V text by
 * format_text (epan/strutil.c).
 */

/**
 * ws_utf8_char_len as Wireshark 4.0 has it: the length a UTF-8 sequence starting with `lead`
 * claims, 1 for a continuation byte, -1 for 0xFE and 0xFF (tshark 4.0 shows `a\x80b` as
 * `a\uFFFDb` but ends `g\xFFh` at `g`).
 */
function utf8CharLen(lead: number): number {
  if (lead >= 0xfe) return -1;
  if (lead >= 0xfc) return 6;
  if (lead >= 0xf8) return 5;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return lead >= 0xc0 ? 2 : 1;
}

const SIMPLE_ESCAPES: Readonly<Record<number, number>> = {
  0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09,
};

/** g_unichar_isprint: everything but control, format, unassigned and surrogate code points. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}]/u;

const REPLACEMENT = [0xef, 0xbf, 0xbd];
const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function hex4(b: Uint8Array, at: number): number | undefined {
  if (at + 4 > b.length) return undefined;
  const s = String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
  return /^[0-9a-fA-F]{4}$/.test(s) ? parseInt(s, 16) : undefined;
}

/**
 * The string json_string_unescape makes of the bytes between a string's quotes: a byte 0xFE
 * or 0xFF ends it, other bytes that are not UTF-8 show as U+FFFD; a `\u` escape of a
 * character g_unichar_isprint refuses (controls, NUL, U+00AD …) is dropped, a lone or badly paired surrogate becomes U+FFFD (the
 * character after a lead surrogate is taken with it), and a `\u` escape that ends the string
 * is dropped (its bounds check is made after the four digits are read).
 */
export function unescapeJsonString(raw: Uint8Array): string {
  const out: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c !== 0x5c) {
      const n = utf8CharLen(c);
      if (n <= 0) break;
      for (let k = 0; k < n && i < raw.length; k++) out.push(raw[i++]!);
      continue;
    }
    i++;
    if (i >= raw.length) break;
    const e = raw[i]!;
    i++;
    if (e !== 0x75) {
      out.push(SIMPLE_ESCAPES[e] ?? e);
      continue;
    }
    const r = unicodeEscape(raw, i);
    if (r.end < 0) break;
    i = r.end;
    if (r.bytes) out.push(...r.bytes);
  }
  return utf8.decode(Uint8Array.from(out));
}

/** The `\uXXXX` (and a trail surrogate's `\uXXXX`) whose digits start at `at`: its bytes, and where it ends (-1: the string ends here). */
function unicodeEscape(raw: Uint8Array, at: number): { bytes: readonly number[] | undefined; end: number } {
  let i = at;
  let cp = hex4(raw, i);
  i = Math.min(i + 4, raw.length);
  let valid = cp !== undefined;
  if (cp !== undefined && cp >= 0xd800 && cp <= 0xdbff) {
    if (i >= raw.length) return { bytes: undefined, end: -1 };
    if (raw[i] === 0x5c) {
      i++;
      if (i >= raw.length) return { bytes: undefined, end: -1 };
      if (raw[i] === 0x75) {
        const trail = hex4(raw, i + 1);
        i = Math.min(i + 5, raw.length);
        if (trail !== undefined && trail >= 0xdc00 && trail <= 0xdfff) cp = 0x10000 + ((cp - 0xd800) << 10) + (trail - 0xdc00);
        else valid = false;
      } else {
        i++;
        valid = false;
      }
    } else {
      i++;
      valid = false;
    }
  } else if (cp !== undefined && cp >= 0xdc00 && cp <= 0xdfff) valid = false;
  if (!valid) return { bytes: REPLACEMENT, end: i };
  const ch = String.fromCodePoint(cp!);
  // the character is written only while read_index is still inside the string
  if (NOT_PRINTABLE.test(ch) || i >= raw.length) return { bytes: undefined, end: i };
  return { bytes: Array.from(encoder.encode(ch)), end: i };
}

const C_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** format_text: C escapes (octal for the rest) for ASCII controls, `\uXXXX` for other unprintable characters; `\` as is. */
export function formatText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) out += C_ESCAPES[c] ?? `\\${c.toString(8).padStart(3, '0')}`;
    else if (c >= 0x80 && NOT_PRINTABLE.test(ch)) out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}
