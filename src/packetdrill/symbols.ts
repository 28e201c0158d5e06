/**
 * The symbols a script writes (SOCK_STREAM, SOL_TCP, MSG_MORE, EPOLLOUT, EINPROGRESS …)
 * resolved through labwire's own ABI and errno modules, so there is one place per number.
 * packetdrill's own aliases (SOL_TCP, SOL_IP, PF_INET) map onto those.
 */
import * as ABI from '../stack/abi/linux.ts';
import * as ERRNO from '../stack/abi/errno.ts';

const ALIASES: Readonly<Record<string, string>> = {
  SOL_TCP: 'IPPROTO_TCP',
  SOL_IP: 'IPPROTO_IP',
  PF_INET: 'AF_INET',
  TCP_CM_INQ: 'TCP_INQ',
};

const numbers = ABI as unknown as Readonly<Record<string, unknown>>;
const errnos = ERRNO as unknown as Readonly<Record<string, unknown>>;

/** A symbol's value, or undefined when labwire does not know it. */
export function symbolValue(name: string): number | undefined {
  const v = numbers[ALIASES[name] ?? name];
  return typeof v === 'number' ? v : undefined;
}

/** An errno name's number (EINPROGRESS → 115), or undefined. */
export function errnoValue(name: string): number | undefined {
  const v = errnos[name];
  return typeof v === 'number' && /^E[A-Z0-9]+$/.test(name) ? v : undefined;
}

/** The name of errno `n` for messages (115 → EINPROGRESS). */
export function errnoName(n: number): string {
  for (const [k, v] of Object.entries(errnos)) if (v === n && /^E[A-Z0-9]+$/.test(k)) return k;
  return `errno ${n}`;
}
