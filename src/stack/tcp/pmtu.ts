/**
 * The path MTU fell (RFC 1191; ICMP "fragmentation needed", which the kernel's route keeps:
 * kernel/pmtu.ts): tcp_v4_mtu_reduced()'s TCP half. tcp_sync_mss() fits the MSS to the new
 * MTU, and tcp_simple_retransmit() marks lost every packet sent longer than it and resends
 * them in the new size, in the loss state (TCP_CA_Loss, without F-RTO or an undo: the loss is
 * certain) but with cwnd as it was ("Don't muck with the congestion window here").
 */
import type { Ctx } from './conn.ts';
import { TCPOLEN_TSTAMP_ALIGNED } from './linux.ts';
import { inCwndReduction } from './output.ts';
import { entryDataBytes, xmitRetransmitQueue } from './recovery.ts';
import { TCP_HEADER_LENGTH } from '../wire/tcp.ts';

/** TCP_MIN_SND_MSS: __tcp_mtu_to_mss() never goes below it */
const TCP_MIN_SND_MSS = 48;

/** the MTU towards the peer is now `pmtu` (its network header `netHeaderLen` bytes) */
export function onMtuReduced(c: Ctx, pmtu: number, netHeaderLen: number): void {
  const t = c.t;
  if (t.state === 'LISTEN' || t.state === 'CLOSED' || t.pmtu <= pmtu) return; // icsk_pmtu_cookie > mtu
  syncMss(c, pmtu, netHeaderLen);
  simpleRetransmit(c);
}

/** tcp_sync_mss() with tcp_mtu_to_mss(): the MTU less the headers, at most the peer's MSS, at least 48, less the options every segment carries */
function syncMss(c: Ctx, pmtu: number, netHeaderLen: number): void {
  const t = c.t;
  t.pmtu = pmtu;
  t.mss = Math.max(Math.min(pmtu - netHeaderLen - TCP_HEADER_LENGTH, t.mssClamp), TCP_MIN_SND_MSS) - (t.tsOk ? TCPOLEN_TSTAMP_ALIGNED : 0);
}

/** tcp_simple_retransmit() */
function simpleRetransmit(c: Ctx): void {
  const t = c.t;
  const sent = c.conn.sent;
  let lost = false;
  for (let k = 0; k < sent.count; k++) {
    const data = entryDataBytes(c, k);
    // tcp_skb_seglen(): a GSO entry's segments were an MSS of its time, longer than today's
    const seglen = sent.pcountAt(k) === 1 ? data : data / sent.pcountAt(k);
    if (seglen > t.mss) {
      sent.markLost(k);
      lost = true;
    }
  }
  if (!lost) return;
  if (t.lossHighSeq < 0) {
    // tcp_set_ca_state(TCP_CA_Loss) with ssthresh from tcp_current_ssthresh(), no undo
    t.ssthresh = inCwndReduction(t) ? t.ssthresh : Math.max(t.ssthresh, (t.cwnd >> 1) + (t.cwnd >> 2));
    t.lossHighSeq = t.sndNxt;
    t.priorSsthresh = 0;
    t.frto = 0;
    t.recover = -1;
    t.cwrHigh = -1;
  }
  xmitRetransmitQueue(c);
}
