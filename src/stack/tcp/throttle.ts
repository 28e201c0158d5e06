/**
 * RFC 5961 §7 ACK throttling as Linux does it: a socket answers segments it must reject — out
 * of window, failing PAWS, a SYN or RST in window, an ACK of data never sent — with at most one
 * ACK per net.ipv4.tcp_invalid_ratelimit (__tcp_oow_rate_limited, shared by all of them through
 * tp->last_oow_ack_time). The host-wide limit (net.ipv4.tcp_challenge_ack_limit) is INT_MAX
 * since Linux 6.0, that is off, so it is not modelled.
 */
import type { TcpSegment } from '../wire/tcp.ts';
import { TCP_FIN, TCP_SYN } from '../wire/tcp.ts';
import type { Ctx } from './conn.ts';
import { sendDupAck } from './data.ts';
import { TCP_INVALID_RATELIMIT_NS, tcpClockMs } from './linux.ts';
import { sendAck } from './output.ts';

/** __tcp_oow_rate_limited(): true while the last such ACK is younger than the limit; else notes now. */
function oowRateLimited(c: Ctx): boolean {
  const t = c.t;
  if (t.lastOowAckAt >= 0) {
    const elapsed = tcpClockMs(c.now) - tcpClockMs(t.lastOowAckAt);
    if (elapsed >= 0 && elapsed < tcpClockMs(TCP_INVALID_RATELIMIT_NS)) return true;
  }
  t.lastOowAckAt = c.now;
  return false;
}

/**
 * tcp_oow_rate_limited() then tcp_send_dupack(): the answer to a segment outside the window or
 * failing PAWS. Data without a SYN is never throttled ("not likely part of an ACK loop"); Linux's
 * end_seq counts a FIN, so a bare FIN is data here.
 */
export function sendOowDupAck(c: Ctx, seg: TcpSegment): void {
  const occupies = seg.payload.length > 0 || (seg.flags & TCP_FIN) !== 0;
  if ((!occupies || seg.flags & TCP_SYN) && oowRateLimited(c)) return;
  sendDupAck(c, seg);
}

/** tcp_send_challenge_ack(): RFC 5961 §§3.2, 4.2, 5.2, throttled per socket. */
export function sendChallengeAck(c: Ctx): void {
  if (!oowRateLimited(c)) sendAck(c);
}
