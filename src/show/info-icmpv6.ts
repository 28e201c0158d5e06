/**
 * ICMPv6's Info text and names (packet-icmpv6.c): the type's name; for echoes the id, the
 * sequence number, the hop limit and, for a reply, the request it answers; for Neighbor
 * Discovery the target and the link-layer address from the options; for errors the code's
 * name in parentheses.
 */
import { formatMac, readMac } from '../stack/wire/addr.ts';
import type { Icmpv6Message, NdOption } from '../stack/wire/icmpv6.ts';
import { formatIpv6Addr } from '../stack/wire/ipv6-addr.ts';

const TYPES: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query', 131: 'Multicast Listener Report',
  132: 'Multicast Listener Done', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement', 137: 'Redirect', 143: 'Multicast Listener Report Message v2',
};

/** Code names as tshark 4.0 prints them (its capitals differ per entry). */
const CODES: Readonly<Record<number, readonly string[]>> = {
  1: ['no route to destination', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable',
    'Port unreachable', 'Source address failed ingress/egress policy', 'Reject route to destination', 'Error in Source Routing Header'],
  3: ['hop limit exceeded in transit', 'fragment reassembly time exceeded'],
  4: ['erroneous header field encountered', 'unrecognized Next Header type encountered', 'unrecognized IPv6 option encountered',
    'IPv6 First Fragment has incomplete IPv6 Header Chain'],
};

/** The type's name, undefined for a type labwire does not name. */
export function icmpv6TypeName(type: number): string | undefined {
  return TYPES[type];
}

/** The code's name for an error type, undefined for types whose codes have no names. */
export function icmpv6CodeName(type: number, code: number): string | undefined {
  const names = CODES[type];
  if (names === undefined) return undefined;
  return names[code] ?? (type === 1 ? 'Unknown' : `Unknown (${code})`);
}

/** ND option types 1 (source) and 2 (target link-layer address) on Ethernet: the MAC, if present. */
export function ndLinkAddress(options: readonly NdOption[], type: 1 | 2): number | undefined {
  const o = options.find((x) => x.type === type && x.bytes.length >= 8);
  return o ? readMac(o.bytes, 2) : undefined;
}

function naFlags(flags: number): string {
  const names = [flags & 0x80 ? 'rtr' : '', flags & 0x40 ? 'sol' : '', flags & 0x20 ? 'ovr' : ''].filter((x) => x);
  return names.length ? names.join(', ') : 'none';
}

/** `requestIn`: the frame of the matching request, for a reply (0 when none was seen). */
export function icmpv6Info(m: Icmpv6Message, hopLimit: number, requestIn: number): string {
  const name = TYPES[m.type] ?? `Unknown (${m.type})`;
  if (m.kind === 'echo') {
    const s = `${name} id=0x${m.id.toString(16).padStart(4, '0')}, seq=${m.seq}, hop limit=${hopLimit}`;
    return m.type === 129 && requestIn > 0 ? `${s} (request in ${requestIn})` : s;
  }
  if (m.kind === 'error') {
    const code = icmpv6CodeName(m.type, m.code);
    return code === undefined ? name : `${name} (${code})`;
  }
  if (m.kind !== 'nd') return name;
  const from = (type: 1 | 2, word: string): string => {
    const mac = ndLinkAddress(m.options, type);
    return mac === undefined ? '' : ` ${word} ${formatMac(mac)}`;
  };
  switch (m.type) {
    case 133:
    case 134: return `${name}${from(1, 'from')}`;
    case 135: return `${name} for ${formatIpv6Addr(m.fixed, 4)}${from(1, 'from')}`;
    case 136: return `${name} ${formatIpv6Addr(m.fixed, 4)} (${naFlags(m.fixed[0]!)})${from(2, 'is at')}`;
    default: return name;
  }
}
