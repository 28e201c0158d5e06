/**
 * What a received TCP segment costs the receive buffer (skb->truesize, charged to sk_rmem_alloc
 * by skb_set_owner_r) and whether the next one may be coalesced into it (tcp_try_coalesce), by
 * the device that built the skb — the kernel profile's rcvSkbTruesize:
 * - 'sender' / 'fitted': a veth (or loopback) hands over the sender's own skb, its payload in
 *   page fragments behind a small head: its bytes plus one head (SKB_TX_TRUESIZE, or the fitted
 *   SKB_HEAD_TRUESIZE: tcp/linux.ts), and a later segment coalesces into it for its bytes alone
 *   once the sender no longer holds its original (clone.ts);
 * - 'tun': packetdrill's tun device copies each packet into a kmalloc'd head and pages
 *   (tunSkbTruesize). Its head holds payload and is not a page fragment (skb_head_is_locked),
 *   so skb_try_coalesce() takes a later segment only into the room left in that head (copied,
 *   free of charge); any other stays an skb of its own, charged whole.
 */
import { tunSkbTailroom, tunSkbTruesize } from '../skb.ts';
import { SKB_HEAD_TRUESIZE, SKB_TX_TRUESIZE } from './linux.ts';

export interface RcvSkbCost {
  /** the truesize of an skb holding `payload` bytes behind `headers` bytes of IP and TCP header */
  truesize(payload: number, headers: number): number;
  /** whether tcp_try_coalesce() may add a later segment's page fragments to the tail skb */
  readonly coalesces: boolean;
  /** room after the data in the skb's own head, where a later segment is copied free (linear skbs only) */
  tailroom(payload: number, headers: number): number;
}

const behindHead = (head: number): RcvSkbCost => ({ truesize: (payload) => payload + head, coalesces: true, tailroom: () => 0 });

export const RCV_SKB_COSTS: Readonly<Record<'fitted' | 'sender' | 'tun', RcvSkbCost>> = {
  fitted: behindHead(SKB_HEAD_TRUESIZE),
  sender: behindHead(SKB_TX_TRUESIZE),
  tun: {
    truesize: (payload, headers) => tunSkbTruesize(payload + headers),
    coalesces: false,
    tailroom: (payload, headers) => tunSkbTailroom(payload + headers),
  },
};

/** IPv4's 20 bytes, TCP's 20, and the timestamp option's 12 when the connection uses it */
export const segmentHeaders = (timestamps: boolean): number => 40 + (timestamps ? 12 : 0);
