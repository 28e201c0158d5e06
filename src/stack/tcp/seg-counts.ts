/**
 * The socket's segment counters, in GSO segments, as TCP_INFO and `ss -ti` report them:
 * - in: tcp_segs_in() (include/net/tcp.h), called as tcp_v4_rcv hands an skb to a full socket
 *   (before the backlog), and by tcp_child_process for the ACK that made a child, whose
 *   tcp_create_openreq_child counted its SYN (segs_in = 1); a request or timewait socket keeps
 *   none. An skb counts max(1, gso_segs), and toward data_segs_in when it carries payload.
 * - out: __tcp_transmit_skb adds tcp_skb_pcount(skb) to segs_out for every segment it sends
 *   (retransmissions, ACKs, probes, an active reset included) and to data_segs_out for one with
 *   payload, before the device may drop it. A request's SYN-ACKs leave through
 *   tcp_v4_send_synack and a timewait ACK through tcp_v4_send_ack: neither counts.
 */
import type { MutableTcb } from './tcb.ts';

/**
 * gso_segs of a received segment of `len` payload bytes: a super-segment counts by the device's
 * GSO size (`rxGsoSize`), or else by our send MSS (a veth's from a peer with our MSS: data.ts
 * measureRcvMss); 'none' (a tun written to without a GSO size) counts it as one.
 */
export function receivedSegs(len: number, rxGsoSize: number | 'none' | undefined, mss: number): number {
  if (rxGsoSize === 'none') return 1;
  const unit = rxGsoSize || mss;
  return len > unit ? Math.ceil(len / unit) : 1;
}

/** tcp_segs_in() for a segment of `len` payload bytes counting `segs` GSO segments */
export function countIn(t: MutableTcb, len: number, segs: number): void {
  t.segsIn += segs;
  if (len > 0) t.dataSegsIn += segs;
}

/** __tcp_transmit_skb's segs_out and data_segs_out for a segment of `len` payload bytes at `mss` */
export function countOut(t: MutableTcb, len: number, mss: number): void {
  const pcount = len > mss ? Math.ceil(len / mss) : 1;
  t.segsOut += pcount;
  if (len > 0) t.dataSegsOut += pcount;
}
