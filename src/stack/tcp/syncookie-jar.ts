/**
 * The host's SYN-cookie state (syncookie.ts has the arithmetic): the two secrets, drawn from the
 * host's seeded stream on the first cookie as net_get_random_once() draws them, and each
 * listener's last cookie time (tcp_synq_overflow). When a listener answers with a cookie
 * (tcp_conn_request's want_cookie) and whether an ACK to it is checked for one
 * (cookie_v4_check). IPv4 only: an IPv6 listener (cookie_v6_*, its own msstab) never uses cookies.
 */
import type { Nanos } from '../nanos.ts';
import { isIpv6, type InetAddr } from '../wire/inet-addr.ts';
import type { TcpSegment } from '../wire/tcp.ts';
import { readOptions } from './options.ts';
import type { Sock } from './sock.ts';
import {
  cookieCheck, cookieInitSequence, cookieMssIndex, cookieRecentlySent, type CookieTuple, type SyncookieSecrets,
} from './syncookie.ts';
import { TCP_MSS_DEFAULT } from './linux.ts';

export class SyncookieJar {
  private secrets: SyncookieSecrets | undefined;
  private readonly lastCookieAt = new WeakMap<Sock, Nanos>();

  /** `sysctl`: net.ipv4.tcp_syncookies; `draw`: an unsigned 32-bit number from the host's seeded stream */
  constructor(private readonly sysctl: number, private readonly draw: () => number) {}

  /**
   * tcp_conn_request(): with tcp_syncookies=2 every SYN gets a cookie; with 1, only once the
   * listener holds more requests than its backlog (inet_csk_reqsk_queue_is_full), where 0
   * drops the SYN. `reuse`: the SYN reuses a TIME-WAIT 4-tuple (an `isn` is given: no cookie).
   */
  wantCookie(l: Sock, remote: InetAddr, reuse: boolean): 'cookie' | 'request' | 'drop' {
    if (reuse || isIpv6(remote)) return 'request';
    if (this.sysctl !== 2 && l.requests <= l.backlog) return 'request';
    return this.sysctl === 0 ? 'drop' : 'cookie';
  }

  /** cookie_v4_init_sequence(): the cookie ISN for this SYN (stamping the listener's last overflow) */
  initSequence(l: Sock, local: InetAddr, remote: InetAddr, syn: TcpSegment, now: Nanos): number {
    this.lastCookieAt.set(l, now);
    const mss = readOptions(syn.options, true).mss || TCP_MSS_DEFAULT;
    return cookieInitSequence(this.keys(), tupleOf(local, remote, syn), syn.seq >>> 0, cookieMssIndex(mss), now);
  }

  /**
   * cookie_v4_check(): the MSS a bare ACK to listener `l` carries in its cookie, or 0 when it is
   * no valid cookie (or cookies are off, or `l` sent none lately).
   */
  check(l: Sock, local: InetAddr, remote: InetAddr, ack: TcpSegment, now: Nanos): number {
    if (this.sysctl === 0 || isIpv6(remote) || !cookieRecentlySent(this.lastCookieAt.get(l), now)) return 0;
    return cookieCheck(this.keys(), tupleOf(local, remote, ack), ack.ack >>> 0, ack.seq >>> 0, now);
  }

  private keys(): SyncookieSecrets {
    this.secrets ??= [[this.draw(), this.draw(), this.draw(), this.draw()], [this.draw(), this.draw(), this.draw(), this.draw()]];
    return this.secrets;
  }
}

/** the tuple as the incoming segment's headers give it: saddr and sport are the peer's */
function tupleOf(local: InetAddr, remote: InetAddr, seg: TcpSegment): CookieTuple {
  return { saddr: remote as number, daddr: local as number, sport: seg.srcPort, dport: seg.dstPort };
}
