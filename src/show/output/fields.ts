/**
 * tshark -T fields: one line per shown frame, the values of each -e field in order, joined by
 * the separator (-E separator=, tab by default); a field's several occurrences joined by the
 * aggregator (-E aggregator=, comma) or cut to the first/last (-E occurrence=f|l); values
 * quoted with -E quote=d|s; a header line of the field names with -E header=y.
 *
 * Values print as tshark prints them: integers in their field's base (hex for flags,
 * checksums and types), booleans 1/0, addresses and byte strings in hex, times with the
 * capture's nine digits, text with control characters escaped, and a protocol field as the
 * first line of its layer in the details pane.
 */
import type { Dissected } from '../dissect.ts';
import { renderDetails } from '../details/index.ts';
import { FIELDS, type FieldDef, type Value } from '../filter/fields.ts';
import { formatIpv4Addr, formatMac } from '../../stack/wire/addr.ts';
import { formatIpv6Addr } from '../../stack/wire/ipv6-addr.ts';
import { formatArrival, formatSeconds } from '../time.ts';
import type { FieldsOptions } from './fields-options.ts';

export { DEFAULT_FIELDS_OPTIONS, fieldsHeader, fieldsOption, type FieldsOptions } from './fields-options.ts';

/** The -e names labwire cannot print. */
export function unknownFields(names: readonly string[]): string[] {
  return names.filter((n) => FIELDS[n] === undefined && !(n in STAMPS));
}

export function fieldsRow(f: Dissected, o: FieldsOptions): string {
  const texts = fieldTexter(f);
  const cells = o.fields.map((name) => {
    const all = texts(name);
    if (all.length === 0) return '';
    const picked = o.occurrence === 'f' ? [all[0]!] : o.occurrence === 'l' ? [all[all.length - 1]!] : all;
    return `${o.quote}${picked.join(o.aggregator)}${o.quote}`;
  });
  return cells.join(o.separator) + '\n';
}

/**
 * For one frame: each -e field's values as tshark prints them (the frame's details drawn once,
 * if a protocol field needs them). `raw`: text values unescaped, as -T json -e has them (its
 * JSON string escaping takes their place).
 */
export function fieldTexter(f: Dissected, raw = false): (name: string) => string[] {
  let details: string | undefined;
  return (name) => {
    const stamp = STAMPS[name];
    if (stamp) return [stamp(f)];
    const def = FIELDS[name]!;
    const values = def.get(f);
    if (def.type === 'protocol' && values.length > 0) {
      details ??= renderDetails(f, undefined);
      return protocolLines(name, details, values.length);
    }
    return values.map((v) => (raw && def.type === 'string' ? String(v) : formatValue(name, def, v)));
  };
}

/** Time fields print from the exact (sec, nsec) stamps, never from floating-point seconds. */
const STAMPS: Readonly<Record<string, (f: Dissected) => string>> = {
  'frame.time': (f) => formatArrival(f.time, 9),
  'frame.time_epoch': (f) => formatSeconds(f.time, 9),
  'frame.time_relative': (f) => formatSeconds(f.relative, 9),
  'frame.time_delta': (f) => formatSeconds(f.delta, 9),
};

/** Integer fields whose Wireshark display base is hexadecimal, with their digit counts. */
const HEX_DIGITS: Readonly<Record<string, number>> = {
  'eth.type': 4, 'sll.etype': 4, 'sll.hatype': 0, 'arp.proto.type': 4, 'ip.dsfield': 2, 'ip.flags': 2, 'ip.id': 4, 'ip.checksum': 4,
  'ipv6.tclass': 8, 'ipv6.flow': 6, 'icmpv6.checksum': 4, 'icmpv6.echo.identifier': 4,
  'tcp.flags': 4, 'tcp.checksum': 4, 'udp.checksum': 4, 'icmp.checksum': 4, 'dns.id': 4, 'dns.flags': 4,
};

function formatValue(name: string, def: FieldDef, v: Value): string {
  switch (def.type) {
    case 'bool': return v ? '1' : '0';
    case 'ipv4': return formatIpv4Addr(v as number);
    case 'ipv6': return formatIpv6Addr(v as Uint8Array);
    case 'ether': return formatMac(v as number);
    case 'bytes': return Array.from(v as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('');
    case 'string': return escapeText(String(v));
    case 'time': return typeof v === 'number' ? v.toFixed(9) : String(v);
    case 'none': return '';
    default: {
      const digits = HEX_DIGITS[name];
      return digits ? `0x${(v as number).toString(16).padStart(digits, '0')}` : String(v);
    }
  }
}

function escapeText(s: string): string {
  return s.replace(/[\r\n\t\\]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\\\'));
}

/** The layers' first lines in the details pane, by protocol field. */
const TITLES: Readonly<Record<string, string>> = {
  frame: 'Frame ', eth: 'Ethernet II', sll: 'Linux cooked capture v1', sll2: 'Linux cooked capture v2', arp: 'Address Resolution Protocol',
  ip: 'Internet Protocol Version 4', ipv6: 'Internet Protocol Version 6', icmp: 'Internet Control Message Protocol', udp: 'User Datagram Protocol',
  tcp: 'Transmission Control Protocol', dns: 'Domain Name System', data: 'Data', mdns: 'Multicast Domain Name System',
};

/** A protocol's occurrences (a quoted packet's layer is a second one), each as its first line in the details pane. */
function protocolLines(name: string, details: string, count: number): string[] {
  const title = TITLES[name];
  if (name === 'http' || !title) return [name];
  const found = details.split('\n').map((l) => l.trimStart()).filter((l) => l.startsWith(title)).slice(0, count);
  return found.length > 0 ? found : [name];
}

