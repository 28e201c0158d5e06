/**
 * skb_cloned() for a received segment: a veth or loopback hands over the clone that
 * tcp_transmit_skb() sent (kernel/skb-clone.ts), and it stays a clone while the sending socket
 * keeps the original untouched in its retransmission queue. tcp_clean_rtx_queue() frees the
 * original once all of it is acknowledged, and trims it once part of it is (tcp_trim_head →
 * skb_unclone, which gives the sender a head of its own): either way the receiver's skb is its
 * own from the moment the sender's snd_una passes its first byte. Until then
 * skb_try_coalesce() refuses to add to it, so a receiver on veth keeps the sender's skbs apart
 * (nstat's TcpExtTCPRcvCoalesce counted 24–109 joins in a 4 MiB transfer of ~290 such skbs on
 * 6.18.44, and TcpExtTCPBacklogCoalesce none: test/fixtures/real/bulk-cwnd-idle/traced).
 */
import type { SkbSender } from '../kernel/skb-clone.ts';
import type { TcpConn } from './conn.ts';
import { seqGt } from './seq.ts';

/** Does `sender` (the TcpConn that sent it, as the frame says) still hold the original of the skb that starts at `seq`? */
export function heldBySender(sender: SkbSender | undefined, seq: number): boolean {
  if (sender === undefined) return false;
  const t = (sender as TcpConn).tcb;
  return t.state !== 'CLOSED' && !seqGt(t.sndUna, seq);
}
