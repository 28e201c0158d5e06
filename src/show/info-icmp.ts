/**
 * ICMP's Info text (packet-icmp.c): the type name padded to 20 columns, then for echoes the
 * id, the sequence number both ways round, the TTL and, for a reply, the request it answers;
 * for errors the code's name in parentheses.
 */
import type { IcmpMessage } from '../stack/wire/icmp.ts';

const UNREACH = [
  'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable',
  'Fragmentation needed', 'Source route failed', 'Destination network unknown', 'Destination host unknown',
  'Source host isolated', 'Network administratively prohibited', 'Host administratively prohibited',
  'Network unreachable for TOS', 'Host unreachable for TOS', 'Communication administratively filtered',
  'Host precedence violation', 'Precedence cutoff in effect',
];
const EXCEEDED = ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'];

export function icmpTypeName(type: number): string {
  switch (type) {
    case 0: return 'Echo (ping) reply';
    case 3: return 'Destination unreachable';
    case 4: return 'Source quench (flow control)';
    case 5: return 'Redirect';
    case 8: return 'Echo (ping) request';
    case 11: return 'Time-to-live exceeded';
    case 12: return 'Parameter problem';
    case 13: return 'Timestamp request';
    case 14: return 'Timestamp reply';
    default: return 'Unknown ICMP (obsolete or malformed?)';
  }
}

export function icmpType(m: IcmpMessage): number {
  switch (m.kind) {
    case 'echoReply': return 0;
    case 'echoRequest': return 8;
    case 'destUnreachable': return 3;
    case 'timeExceeded': return 11;
    case 'unknown': return m.type;
  }
}

export function icmpCodeName(type: number, code: number): string | undefined {
  if (type === 3) return UNREACH[code] ?? 'Unknown code';
  if (type === 11) return EXCEEDED[code] ?? 'Unknown code';
  return undefined;
}

const swap16 = (x: number): number => ((x & 0xff) << 8) | (x >>> 8);

/** `requestIn`: the frame of the matching request, for a reply (0 when none was seen). */
export function icmpInfo(m: IcmpMessage, ttl: number, requestIn: number): string {
  const type = icmpType(m);
  let s = icmpTypeName(type).padEnd(20, ' ');
  if (m.kind === 'echoRequest' || m.kind === 'echoReply') {
    s += ` id=0x${m.id.toString(16).padStart(4, '0')}, seq=${m.seq}/${swap16(m.seq)}, ttl=${ttl}`;
    if (m.kind === 'echoReply' && requestIn > 0) s += ` (request in ${requestIn})`;
    return s;
  }
  if (m.kind === 'unknown' && (type === 13 || type === 14) && m.rest.length >= 4) {
    const id = (m.rest[0]! << 8) | m.rest[1]!;
    const seq = (m.rest[2]! << 8) | m.rest[3]!;
    return `${s} id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}/${swap16(seq)}, ttl=${ttl}`;
  }
  const code = icmpCodeName(type, m.code);
  return code === undefined ? s : `${s} (${code})`;
}
