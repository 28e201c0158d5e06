/**
 * Python's repr() for the values lab programs print: bytes (b'INI ADALAH DATA '), str,
 * int, float, None, bool, tuples and lists. Rules from Objects/bytesobject.c
 * (PyBytes_Repr) and Objects/unicodeobject.c (unicode_repr).
 */
export class PyBytes {
  constructor(readonly bytes: Uint8Array) {}
}

export type PyValue = string | number | boolean | null | undefined | Uint8Array | PyBytes | readonly PyValue[] | PyRaw;

/** A value printed verbatim (an enum member like <AddressFamily.AF_INET: 2>). */
export class PyRaw {
  constructor(readonly text: string) {}
}

/**
 * Bytes to text one char per byte. Only for printable ASCII, where latin1 (to the WHATWG
 * decoder, windows-1252) is the identity: one flat string, no argument list, no pieces.
 */
const ascii = new TextDecoder('latin1');

export function reprBytes(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  let plain = true; // printable ASCII with no backslash: one string, no escaping (a lab's usual payload)
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x27) hasSingle = true;
    else if (c === 0x22) hasDouble = true;
    else if (c < 0x20 || c >= 0x7f || c === 0x5c) plain = false;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  if (plain && !(hasSingle && hasDouble)) return 'b' + quote + ascii.decode(b) + quote;
  let out = 'b' + quote;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === quote.charCodeAt(0)) out += '\\' + quote;
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

export function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === quote) out += '\\' + quote;
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/** float repr: shortest round-trip digits, always with a decimal point (10.0, 0.5, 1e-05). */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const s = String(x);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

export function repr(v: PyValue): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return reprStr(v);
  if (v instanceof Uint8Array) return reprBytes(v);
  if (v instanceof PyBytes) return reprBytes(v.bytes);
  if (v instanceof PyRaw) return v.text;
  const items = (v as readonly PyValue[]).map(repr);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** repr of a Python list: [a, b] */
export function reprList(items: readonly PyValue[]): string {
  return `[${items.map(repr).join(', ')}]`;
}
