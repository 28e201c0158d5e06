/**
 * From syntax tree to predicate: names are looked up in the field table, literals converted
 * to the field's type, and operators checked against it, with Wireshark's messages. Values
 * compare with Wireshark 4's meanings: `==`, `<` … `contains`, `matches` hold when any
 * occurrence does; `!=` when none is equal (`!(a == b)`); `===` when all are; `!==` when any
 * is not. A comparison on a field the frame lacks is false.
 */
import type { Dissected } from '../dissect.ts';
import { FIELDS, type FieldDef, type Value } from './fields.ts';
import { FilterError, type Token } from './lexer.ts';
import { convertLiteral, type Literal } from './literal.ts';
import type { Node } from './parser.ts';
import { compileRegex } from './regex.ts';

export type Predicate = (f: Dissected) => boolean;

const ORDERED = new Set(['u8', 'u16', 'u24', 'u32', 'i32', 'framenum', 'time', 'ipv4', 'ipv6', 'ether', 'string', 'bytes', 'bool']);

export function compileNode(n: Node): Predicate {
  switch (n.kind) {
    case 'and': { const ps = n.items.map(compileNode); return (f) => ps.every((p) => p(f)); }
    case 'or': { const ps = n.items.map(compileNode); return (f) => ps.some((p) => p(f)); }
    case 'not': { const a = compileNode(n.expr); return (f) => !a(f); }
    case 'test': {
      const def = lookup(n.operand);
      if (!def) throw new FilterError(`${n.operand.text} is neither a field nor a protocol name.`, n.operand.pos, n.operand.text.length);
      return (f) => def.get(f).length > 0;
    }
    case 'cmp': return compileComparison(n.op, n.opTok, n.left, n.right);
    case 'in': {
      const tests = n.set.map((item) => compileComparison('==', n.left, n.left, item));
      return (f) => tests.some((t) => t(f));
    }
  }
}

function lookup(t: Token): FieldDef | undefined {
  return t.kind === 'word' ? FIELDS[t.value] : undefined;
}

function compileComparison(op: string, opTok: Token, left: Token, right: Token): Predicate {
  const def = lookup(left);
  if (!def) {
    if (opTok === left) throw new FilterError('Only a field may be tested for membership in a set.', left.pos, left.text.length);
    // tshark quotes comparison operators but not contains/matches/~
    const opText = op === 'contains' || op === 'matches' ? opTok.text : `"${opTok.text}"`;
    throw new FilterError(`Left side of ${opText} expression must be a field or function, not ${left.text}.`, left.pos, left.text.length);
  }
  const type = def.type;
  const cannot = (): never => {
    throw new FilterError(`${left.text} (type=${typeNameOf(def)}) cannot participate in ${opTok.text} comparison.`, left.pos, left.text.length);
  };
  if ((op === 'contains' || op === 'matches') && !['string', 'bytes', 'protocol'].includes(type)) cannot();
  if (['<', '<=', '>', '>='].includes(op) && !ORDERED.has(type)) cannot();
  if (type === 'none') cannot();
  const other = lookup(right);
  if (other) {
    const test = valueTest(op);
    return (f) => {
      const bs = other.get(f);
      return quantify(op, def.get(f), (a) => bs.some((b) => test(a, b)));
    };
  }
  if (op === 'matches') {
    if (right.kind !== 'string' && right.kind !== 'word') cannot();
    const test = compileRegex(right.value);
    return (f) => def.get(f).some((v) => test(asText(v)));
  }
  const lit = convertLiteral(right, type, left.text);
  const test = literalTest(op, lit);
  return (f) => quantify(op, def.get(f), test);
}

function typeNameOf(def: FieldDef): string {
  const names: Record<string, string> = {
    u8: 'Unsigned integer (1 byte)', u16: 'Unsigned integer (2 bytes)', u24: 'Unsigned integer (3 bytes)',
    u32: 'Unsigned integer (4 bytes)', i32: 'Signed integer (4 bytes)', bool: 'Boolean', ipv4: 'IPv4 address', ipv6: 'IPv6 address',
    ether: 'Ethernet or other MAC address', string: 'Character string', bytes: 'Byte sequence', protocol: 'Protocol',
    framenum: 'Frame number', time: 'Time offset', none: 'Label',
  };
  return names[def.type] ?? def.type;
}

/** Applies Wireshark's quantifier for `op` to a value test. */
function quantify(op: string, values: readonly Value[], test: (v: Value) => boolean): boolean {
  if (values.length === 0) return false;
  if (op === '!=') return !values.some(test);
  if (op === '===') return values.every(test);
  if (op === '!==') return !values.every(test);
  return values.some(test);
}

function asText(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return String.fromCharCode(...v.subarray(0, 65536));
  return String(v);
}

function asNumber(v: Value): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : NaN;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function order(op: string, c: number): boolean {
  switch (op) {
    case '==': case '!=': case '===': case '!==': return c === 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    default: return false;
  }
}

/** The per-value test (before quantifying) of `value OP literal`. */
function literalTest(op: string, lit: Literal): (v: Value) => boolean {
  switch (lit.kind) {
    case 'number': return (v) => order(op, asNumber(v) - lit.value);
    case 'net': return (v) => {
      const a = asNumber(v);
      if (op === '==' || op === '!=' || op === '===' || op === '!==') return ((a & lit.mask) >>> 0) === lit.addr;
      return order(op, a - lit.addr);
    };
    case 'net6': return (v) => {
      const a = v as Uint8Array;
      if (op === '==' || op === '!=' || op === '===' || op === '!==') return prefixEqual(a, lit.addr, lit.bits);
      return order(op, compareBytes(a, lit.addr));
    };
    case 'string':
      if (op === 'contains') return (v) => asText(v).includes(lit.value);
      return (v) => order(op, compareText(asText(v), lit.value));
    case 'bytes': return (v) => {
      const b = v instanceof Uint8Array ? v : Uint8Array.from(asText(v), (c) => c.charCodeAt(0) & 0xff);
      return op === 'contains' ? indexOfBytes(b, lit.value) : order(op, compareBytes(b, lit.value));
    };
  }
}

/** Whether the first `bits` bits of two IPv6 addresses agree. */
function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((a[i]! ^ b[i]!) & mask) !== 0) return false;
  }
  return true;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Field against field: both values of the same field type. */
function valueTest(op: string): (a: Value, b: Value) => boolean {
  return (a, b) => {
    if (typeof a === 'number' || typeof a === 'boolean') return order(op, asNumber(a) - asNumber(b));
    if (a instanceof Uint8Array && b instanceof Uint8Array) return op === 'contains' ? indexOfBytes(a, b) : order(op, compareBytes(a, b));
    return op === 'contains' ? asText(a).includes(asText(b)) : order(op, compareText(asText(a), asText(b)));
  };
}
