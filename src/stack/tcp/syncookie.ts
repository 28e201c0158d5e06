/**
 * SYN cookies as Linux 6.x makes them (net/ipv4/syncookies.c): a listener in cookie mode keeps
 * no request for a SYN; the SYN-ACK's ISN is the cookie, which carries the peer's MSS as an index
 * into msstab[], and its TS val carries the options (window scale, SACK, ECN) in its low 6 bits.
 * The final ACK returns both (ack − 1, TS ecr), and a valid one rebuilds the connection.
 * Pure functions; the secrets come from the host's seeded stream (the layer draws them once, as
 * net_get_random_once() does on the first cookie), so a scenario's cookies are deterministic.
 */
import type { Nanos } from '../nanos.ts';
import {
  MAX_SYNCOOKIE_AGE, SYNCOOKIE_COOKIEBITS, SYNCOOKIE_MSSTAB_V4, TCP_SYNCOOKIE_PERIOD_NS, TCP_SYNCOOKIE_VALID_NS,
  TS_OPT_ECN, TS_OPT_SACK, TS_OPT_WSCALE_MASK, SYNCOOKIE_TSBITS,
} from './linux.ts';

/** syncookie_secret[2]: two SipHash keys, each four 32-bit words */
export type SyncookieSecrets = readonly [readonly number[], readonly number[]];

/** The connection a cookie belongs to, as the listener sees it (IPv4 addresses as numbers). */
export interface CookieTuple {
  readonly saddr: number;
  readonly daddr: number;
  readonly sport: number;
  readonly dport: number;
}

/** The options a cookie SYN-ACK's TS val carries (cookie_init_timestamp), as the final ACK's TS ecr returns them. */
export interface CookieOptions {
  readonly sackOk: boolean;
  /** the peer's window scale, or -1 when it sent none */
  readonly wscale: number;
  readonly ecnOk: boolean;
}

const COOKIEMASK = (1 << SYNCOOKIE_COOKIEBITS) - 1;
const M64 = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & M64;
}

/** SipHash-2-4 of 64-bit words (lib/siphash.c), key as four little-endian 32-bit words. */
function siphash(words: readonly bigint[], key: readonly number[]): number {
  const k0 = BigInt(key[0]! >>> 0) | (BigInt(key[1]! >>> 0) << 32n);
  const k1 = BigInt(key[2]! >>> 0) | (BigInt(key[3]! >>> 0) << 32n);
  const v = [k0 ^ 0x736f6d6570736575n, k1 ^ 0x646f72616e646f6dn, k0 ^ 0x6c7967656e657261n, k1 ^ 0x7465646279746573n];
  const round = (): void => {
    v[0] = (v[0]! + v[1]!) & M64; v[1] = rotl(v[1]!, 13n); v[1] ^= v[0]; v[0] = rotl(v[0], 32n);
    v[2] = (v[2]! + v[3]!) & M64; v[3] = rotl(v[3]!, 16n); v[3] ^= v[2];
    v[0] = (v[0] + v[3]) & M64; v[3] = rotl(v[3], 21n); v[3] ^= v[0];
    v[2] = (v[2] + v[1]) & M64; v[1] = rotl(v[1], 17n); v[1] ^= v[2]; v[2] = rotl(v[2], 32n);
  };
  const last = BigInt(words.length * 8) << 56n;
  for (const m of [...words, last]) {
    v[3] ^= m;
    round();
    round();
    v[0] ^= m;
  }
  v[2] ^= 0xffn;
  for (let i = 0; i < 4; i++) round();
  return Number((v[0]! ^ v[1]! ^ v[2]! ^ v[3]!) & 0xffffffffn);
}

/** cookie_hash(): siphash_4u32(saddr, daddr, sport << 16 | dport, count) with secret `c` */
function cookieHash(t: CookieTuple, count: number, secret: readonly number[]): number {
  const ports = (((t.sport & 0xffff) << 16) | (t.dport & 0xffff)) >>> 0;
  return siphash([BigInt(t.saddr >>> 0) | (BigInt(t.daddr >>> 0) << 32n), BigInt(ports) | (BigInt(count >>> 0) << 32n)], secret);
}

/** tcp_cookie_time(): the minute counter a cookie is stamped with (TCP_SYNCOOKIE_PERIOD) */
export function cookieTime(now: Nanos): number {
  return Math.floor(now / TCP_SYNCOOKIE_PERIOD_NS) >>> 0;
}

/** __cookie_v4_init_sequence(): the largest msstab[] entry the peer's MSS reaches, and its index */
export function cookieMssIndex(mss: number): number {
  let i = SYNCOOKIE_MSSTAB_V4.length - 1;
  while (i > 0 && mss < SYNCOOKIE_MSSTAB_V4[i]!) i--;
  return i;
}

/**
 * secure_tcp_syn_cookie(): hash(0) + their ISN + count·2^24 + ((hash(count) + mssind) mod 2^24),
 * the ISN of the cookie SYN-ACK.
 */
export function cookieInitSequence(s: SyncookieSecrets, t: CookieTuple, theirIsn: number, mssInd: number, now: Nanos): number {
  const count = cookieTime(now);
  const low = (cookieHash(t, count, s[1]) + mssInd) & COOKIEMASK;
  return (cookieHash(t, 0, s[0]) + theirIsn + count * (COOKIEMASK + 1) + low) >>> 0;
}

/**
 * __cookie_v4_check() / check_tcp_syn_cookie(): the MSS a final ACK's cookie (ack − 1, their
 * ISN seq − 1) stands for, or 0 when it is not one of ours or older than MAX_SYNCOOKIE_AGE minutes.
 */
export function cookieCheck(s: SyncookieSecrets, t: CookieTuple, ack: number, seq: number, now: Nanos): number {
  const count = cookieTime(now);
  const cookie = ((ack - 1) - cookieHash(t, 0, s[0]) - (seq - 1)) >>> 0;
  const diff = (count - (cookie >>> SYNCOOKIE_COOKIEBITS)) & (0xffffffff >>> SYNCOOKIE_COOKIEBITS);
  if (diff >= MAX_SYNCOOKIE_AGE) return 0;
  const mssInd = ((cookie - cookieHash(t, (count - diff) >>> 0, s[1])) >>> 0) & COOKIEMASK;
  return mssInd < SYNCOOKIE_MSSTAB_V4.length ? SYNCOOKIE_MSSTAB_V4[mssInd]! : 0;
}

/**
 * cookie_init_timestamp(): the TS clock (ms) rounded down to a multiple of 64 with the options
 * in the low 6 bits, never later than now (TS values must not run backwards afterwards).
 */
export function cookieInitTimestamp(tsNowMs: number, o: CookieOptions): number {
  let options = o.wscale >= 0 ? o.wscale : TS_OPT_WSCALE_MASK;
  if (o.sackOk) options |= TS_OPT_SACK;
  if (o.ecnOk) options |= TS_OPT_ECN;
  let ts = Math.floor(tsNowMs / 2 ** SYNCOOKIE_TSBITS) * 2 ** SYNCOOKIE_TSBITS + options;
  if (ts > tsNowMs) ts -= 2 ** SYNCOOKIE_TSBITS;
  return ts;
}

/** cookie_timestamp_decode(): the options an echoed cookie timestamp (TS ecr less the offset) carries */
export function cookieTimestampDecode(tsecr: number): CookieOptions {
  const ws = tsecr & TS_OPT_WSCALE_MASK;
  return { sackOk: (tsecr & TS_OPT_SACK) !== 0, wscale: ws === TS_OPT_WSCALE_MASK ? -1 : ws, ecnOk: (tsecr & TS_OPT_ECN) !== 0 };
}

/**
 * tcp_synq_no_recent_overflow(): a listener checks ACKs for cookies only within
 * TCP_SYNCOOKIE_VALID of the last cookie it sent (tcp_synq_overflow stamps it).
 */
export function cookieRecentlySent(lastCookieAt: Nanos | undefined, now: Nanos): boolean {
  return lastCookieAt !== undefined && now - lastCookieAt <= TCP_SYNCOOKIE_VALID_NS;
}
