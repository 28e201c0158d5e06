/**
 * tcp_v4_err()'s decision on an ICMP destination-unreachable that quotes a segment a
 * connection sent: ignored when the quoted sequence number is outside what is in flight
 * (OutOfWindowIcmps) or the socket has no use for it; a "fragmentation needed" is the path
 * MTU's (tcp_v4_mtu_reduced, pmtu.ts); any other code is an error (icmp_err_convert[]), which
 * aborts a connection still in its handshake (user.ts 'hard-error').
 */
import { ECONNREFUSED, EHOSTUNREACH, EMSGSIZE, ENETUNREACH, EOPNOTSUPP } from '../abi/errno.ts';
import { ICMP_FRAG_NEEDED } from '../wire/icmp.ts';
import { seqGe, seqLe } from './seq.ts';
import type { Tcb } from './tcb.ts';

/** icmp_err_convert[] (net/ipv4/icmp.c) for destination unreachable codes */
const UNREACH_ERRNO: readonly number[] = [
  ENETUNREACH, EHOSTUNREACH, 92, ECONNREFUSED, EMSGSIZE, EOPNOTSUPP, ENETUNREACH, 112, 64, EHOSTUNREACH,
  ENETUNREACH, ENETUNREACH, EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH,
];

export type IcmpErrAction =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'mtu' }
  | { readonly kind: 'error'; readonly errno: number };

const IGNORE: IcmpErrAction = { kind: 'ignore' };
const MTU: IcmpErrAction = { kind: 'mtu' };

/** what the connection does with code `code`, quoting sequence number `seq` (undefined: not quoted) */
export function icmpErrAction(t: Tcb, code: number, seq: number | undefined): IcmpErrAction {
  if (t.state === 'CLOSED') return IGNORE;
  if (seq !== undefined && t.state !== 'LISTEN' && !(seqGe(seq, t.sndUna) && seqLe(seq, t.sndNxt))) return IGNORE;
  if (code === ICMP_FRAG_NEEDED) return t.state === 'LISTEN' ? IGNORE : MTU;
  return { kind: 'error', errno: UNREACH_ERRNO[code] ?? EHOSTUNREACH };
}
