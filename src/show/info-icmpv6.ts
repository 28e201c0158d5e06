/**
 * ICMPv6's Info text and names (packet-icmpv6.c): the type's name; for echoes the id, the
 * sequence number, the hop limit and, for a reply, the request it answers; for Neighbor
 * Discovery the target and the link-layer address from the options; for errors and the other
 * types whose codes have names the code's name in parentheses (for Experimental Mobility and
 * FMIPv6 the subtype's).
 */
import { formatMac, readMac } from '../stack/wire/addr.ts';
import type { Icmpv6Message, NdOption } from '../stack/wire/icmpv6.ts';
import { formatIpv6Addr } from '../stack/wire/ipv6-addr.ts';

/**
 * Every type packet-icmpv6.c names (icmpv6_type_val), as tshark 4.0 prints them
 * (`tshark -G values` lists the same); other types print `Unknown (N)`.
 */
const TYPES: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  100: 'Private experimentation', 101: 'Private experimentation', 127: 'Reserved for expansion of ICMPv6 error messages',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query', 131: 'Multicast Listener Report',
  132: 'Multicast Listener Done', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement', 137: 'Redirect', 138: 'Router Renumbering', 139: 'Node Information Query',
  140: 'Node Information Reply', 141: 'Inverse Neighbor Discovery Solicitation', 142: 'Inverse Neighbor Discovery Advertisement',
  143: 'Multicast Listener Report Message v2', 144: 'Home Agent Address Discovery Request', 145: 'Home Agent Address Discovery Reply',
  146: 'Mobile Prefix Solicitation', 147: 'Mobile Prefix Advertisement', 148: 'Certification Path Solicitation',
  149: 'Certification Path Advertisement', 150: 'Experimental Mobility', 151: 'Multicast Router Advertisement',
  152: 'Multicast Router Solicitation', 153: 'Multicast Router Termination', 154: 'FMIPv6', 155: 'RPL Control',
  156: 'Locator Update', 157: 'Duplicate Address Request', 158: 'Duplicate Address Confirmation', 159: 'MPL Control Message',
  160: 'Extended Echo request', 161: 'Extended Echo reply', 200: 'Private experimentation', 201: 'Private experimentation',
  255: 'Reserved for expansion of ICMPv6 informational messages',
};

const list = (names: readonly string[]): Record<number, string> => ({ ...names });

/**
 * Code names of the types whose codes have them, as tshark 4.0 prints them (its capitals
 * differ per entry): errors (RFC 4443), Router Renumbering (RFC 2894 §3.1), Node Information
 * (RFC 4620 §4, §5), RPL (RFC 6550 §6, RFC 6997, with the secure variants at 0x80 + n) and
 * Extended Echo (RFC 8335 §2, §3).
 */
const CODES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: list(['no route to destination', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable',
    'Port unreachable', 'Source address failed ingress/egress policy', 'Reject route to destination', 'Error in Source Routing Header']),
  3: list(['hop limit exceeded in transit', 'fragment reassembly time exceeded']),
  4: list(['erroneous header field encountered', 'unrecognized Next Header type encountered', 'unrecognized IPv6 option encountered',
    'IPv6 First Fragment has incomplete IPv6 Header Chain']),
  138: { 0: 'Command', 1: 'Result', 255: 'Sequence number reset' },
  139: list(['Query subject = IPv6 addresses', 'Query subject = DNS name or empty', 'Query subject = IPv4 addresses']),
  140: list(['Successful', 'Refused', 'Unknown query type']),
  155: {
    0: 'DODAG Information Solicitation', 1: 'DODAG Information Object', 2: 'Destination Advertisement Object',
    3: 'Destination Advertisement Object Acknowledgment', 4: 'P2P Discovery Reply Object', 5: 'P2P Discovery Reply Object Acknowledgement',
    128: 'Secure DODAG Information Solicitation', 129: 'Secure DODAG Information Object', 130: 'Secure Destination Advertisement Object',
    131: 'Secure Destination Advertisement Object Acknowledgment', 132: 'P2P Secure Discovery Reply Object',
    133: 'P2P Secure Discovery Reply Object Acknowledgement', 138: 'Consistency Check',
  },
  160: { 0: 'No error' },
  161: list(['No error', 'Malformed Query', 'No Such Interface', 'No Such Table Entry', 'Multiple Interfaces Satisfy Query']),
};

/** The subtypes (first byte of the body) of Experimental Mobility and FMIPv6 (RFC 5568 §6.1), which the Info names instead of a code. */
const SUBTYPES: Readonly<Record<number, string>> = {
  2: 'Router Solicitation for Proxy Advertisement', 3: 'Proxy Router Advertisement', 4: 'Handover Initiate', 5: 'Handover Acknowledge',
};

/** The type's name, undefined for a type labwire does not name. */
export function icmpv6TypeName(type: number): string | undefined {
  return TYPES[type];
}

/** The code's name for a type whose codes have names, undefined for other types. */
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
  if (m.kind === 'other') {
    const code = icmpv6CodeName(m.type, m.code);
    if (code !== undefined) return `${name} (${code})`;
    const sub = m.rest[0];
    return (m.type === 150 || m.type === 154) && sub !== undefined ? `${name} (${SUBTYPES[sub] ?? `Unknown (${sub})`})` : name;
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
