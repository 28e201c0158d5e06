/** Small formatting helpers for the details pane (tshark -V's text forms). */
import { ascii, utf8Bytes } from '../../stack/wire/bytes.ts';

/** What the pane prints where tshark would detail a layer labwire does not. */
export const NOT_DETAILED = '[labwire show does not detail this layer yet; tshark -V shows its fields]';

/** `0100 ....`: the bits of `value` under `mask` in a field `width` bits wide, dots elsewhere. */
/** "1 byte", "2 bytes": Wireshark's plurality() after a count */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
export const byteCount = (n: number): string => plural(n, 'byte', 'bytes');

export function bits(width: number, mask: number, value: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    const m = 2 ** i;
    s += Math.floor(mask / m) % 2 ? (Math.floor(value / m) % 2 ? '1' : '0') : '.';
    if (i % 4 === 0 && i > 0) s += ' ';
  }
  return s;
}

/** `5 minutes`, `1 hour, 1 minute, 1 second`, `0 seconds` (Wireshark's unsigned_time_secs_to_str). */
export function duration(secs: number): string {
  if (secs === 0) return '0 seconds';
  const parts: string[] = [];
  const units: [number, string][] = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  let rest = secs;
  for (const [n, name] of units) {
    const q = Math.floor(rest / n);
    rest -= q * n;
    if (q > 0) parts.push(`${q} ${name}${q === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

export function hex4(n: number): string {
  return '0x' + n.toString(16).padStart(4, '0');
}

export { Tree } from './tree.ts';

/** The hex dump tshark prints before a Data item: `0000  68 65 …   hello`. */
export function hexDump(b: Uint8Array): string {
  let s = '';
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const hexes = Array.from(row, (x) => x.toString(16).padStart(2, '0')).join(' ');
    const text = Array.from(row, (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    s += `${o.toString(16).padStart(4, '0')}  ${hexes.padEnd(47, ' ')}   ${text}\n`;
  }
  return s;
}

/** `68656c6c6f`, cut with `…` after 36 bytes as tshark does. */
export function hexValue(b: Uint8Array): string {
  const shown = b.subarray(0, 36);
  const h = Array.from(shown, (x) => x.toString(16).padStart(2, '0')).join('');
  return b.length > 36 ? `${h}…` : h;
}

/** A string field read with ENC_ASCII (tvb_get_ascii_string): each byte above 0x7f becomes U+FFFD. */
export function asciiString(b: Uint8Array): string {
  return ascii(b).replace(/[\u0080-\u00ff]/g, '\ufffd');
}

/**
 * Wireshark's item label: `name: value`, or when that takes ITEM_LABEL_LENGTH (240) bytes of
 * UTF-8 or more, `[truncated]` after the name and the whole characters that fit in 238 bytes
 * (proto.c label_mark_truncated cuts only where a character starts).
 */
export function label(name: string, value: string): string {
  const text = `${name}: ${value}`;
  return fitsLabel(text) ? text : cutLabel(`${name} [truncated]: ${value}`);
}

/** A text-only item's label: label_mark_truncated with the name at 0 puts ` [truncated]` first. */
export function textLabel(text: string): string {
  return fitsLabel(text) ? text : cutLabel(` [truncated]${text}`);
}

function fitsLabel(text: string): boolean {
  return text.length < 80 || utf8Bytes(text).length < 240;
}

function cutLabel(text: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8Bytes(ch).length;
    if (bytes + n > 238) break;
    out += ch;
    bytes += n;
  }
  return out;
}
