/**
 * Literals in a filter, converted to the type of the field they are compared with, with
 * Wireshark's messages when they do not fit ("abc" is not a valid number. …).
 */
import { parseIpv4Addr } from '../../stack/wire/addr.ts';
import { parseIpv6Addr } from '../../stack/wire/ipv6-addr.ts';
import { FilterError, type Token } from './lexer.ts';
import { typeName, type FieldType } from './fields.ts';

/** A converted literal: numbers, strings, bytes, an IPv4 network (address and mask) or an IPv6 prefix. */
export type Literal =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'net'; readonly addr: number; readonly mask: number }
  | { readonly kind: 'net6'; readonly addr: Uint8Array; readonly bits: number };

const MAX: Partial<Record<FieldType, number>> = { u8: 0xff, u16: 0xffff, u24: 0xffffff, u32: 0xffffffff, framenum: 0xffffffff, i32: 0x7fffffff };

function fail(t: Token, message: string): never {
  throw new FilterError(message, t.pos, t.text.length);
}

function parseInteger(text: string): number | undefined {
  const m = /^([-+]?)(0x[0-9a-f]+|0b[01]+|0[0-7]*|[1-9][0-9]*)$/i.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  let n: number;
  if (/^0x/i.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0b/i.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body, 8);
  else n = Number(body);
  return m[1] === '-' ? -n : n;
}

function parseEther(text: string): number | undefined {
  const hex = text.replace(/[:.-]/g, '');
  if (!/^[0-9a-f]{12}$/i.test(hex)) return undefined;
  if (!/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$|^[0-9a-f]{12}$/i.test(text)) return undefined;
  return parseInt(hex, 16);
}

function textBytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

function hexBytes(text: string): Uint8Array | undefined {
  if (!/^[0-9a-f]{2}([:.-]?[0-9a-f]{2})*$/i.test(text)) return undefined;
  const hex = text.replace(/[:.-]/g, '');
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** Converts token `t` to a value comparable with a field of type `type`. */
export function convertLiteral(t: Token, type: FieldType, fieldName: string): Literal {
  const quoted = t.kind === 'string';
  switch (type) {
    case 'u8': case 'u16': case 'u24': case 'u32': case 'i32': case 'framenum': {
      if (quoted) fail(t, `${typeName(type)} cannot be converted from a string (${t.text}).`);
      const n = parseInteger(t.value);
      if (n === undefined) fail(t, `"${t.value}" is not a valid number.`);
      const max = MAX[type]!;
      if (n > max) fail(t, `"${t.value}" too big for this field, maximum ${max}.`);
      return { kind: 'number', value: type === 'i32' ? n : n < 0 ? (n >>> 0) % (max + 1) : n };
    }
    case 'bool': {
      const v = t.value.toLowerCase();
      if (v === 'true') return { kind: 'number', value: 1 };
      if (v === 'false') return { kind: 'number', value: 0 };
      const n = parseInteger(t.value);
      if (n === undefined || quoted) fail(t, `"${t.value}" cannot be found among the possible values for ${fieldName}.`);
      return { kind: 'number', value: n !== 0 ? 1 : 0 };
    }
    case 'time': {
      const n = Number(t.value);
      if (quoted || t.value === '' || !Number.isFinite(n)) fail(t, `"${t.value}" is not a valid time.`);
      return { kind: 'number', value: n };
    }
    case 'ipv4': {
      const [addrText, bits, extra] = t.value.split('/');
      const addr = parseIpv4Addr(addrText ?? '');
      if (addr === undefined || extra !== undefined || /^\s|\s$/.test(addrText ?? '')) fail(t, `"${addrText}" is not a valid hostname or IPv4 address.`);
      let mask = 0xffffffff;
      if (bits !== undefined) {
        const n = Number(bits);
        if (!/^\d+$/.test(bits) || n > 32) fail(t, `Netmask bits in a CIDR IPv4 address should be <= 32, not ${bits}`);
        mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
      }
      return { kind: 'net', addr: (addr & mask) >>> 0, mask };
    }
    case 'ipv6': {
      const [addrText, bits, extra] = t.value.split('/');
      const addr = parseIpv6Addr(addrText ?? '');
      if (addr === undefined || extra !== undefined || quoted) fail(t, `"${addrText}" is not a valid hostname or IPv6 address.`);
      const n = bits === undefined ? 128 : Number(bits);
      if (!/^\d+$/.test(bits ?? '128') || n > 128) fail(t, `Prefix in a IPv6 address should be <= 128, not ${bits}`);
      return { kind: 'net6', addr, bits: n };
    }
    case 'ether': {
      const m = parseEther(t.value);
      if (m === undefined) fail(t, `"${t.value}" is not a valid Ethernet address.`);
      return { kind: 'number', value: m };
    }
    case 'string':
      return { kind: 'string', value: t.value };
    case 'bytes': case 'protocol': {
      if (quoted) return { kind: 'bytes', value: textBytes(t.value) };
      const b = hexBytes(t.value);
      if (b === undefined) fail(t, `"${t.value}" is not a valid byte string.`);
      return { kind: 'bytes', value: b };
    }
    case 'none':
      return fail(t, `"${t.value}" cannot be compared with a label.`);
  }
}
