/**
 * The sizes behind an sk_buff's truesize on a stock x86-64 Linux 6.18, shared by TCP's buffer
 * accounting (tcp/linux.ts) and UDP's (udp/truesize.ts). MAX_TCP_HEADER = L1_CACHE_ALIGN(128 +
 * MAX_HEADER) = 256; SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) = 320 and
 * SKB_DATA_ALIGN(sizeof(struct sk_buff)) = 256. A small head (SKB_HEAD_ALIGN(MAX_TCP_HEADER) =
 * MAX_TCP_HEADER + shared info = 576 bytes) comes from skb_small_head_cache (6.3+).
 */
export const MAX_TCP_HEADER = 256;
export const SKB_SHARED_INFO_SIZE = 320;
export const SKB_STRUCT_SIZE = 256;
export const SKB_SMALL_HEAD_CACHE_SIZE = MAX_TCP_HEADER + SKB_SHARED_INFO_SIZE;

/** NET_SKB_PAD on x86-64 (max(32, L1_CACHE_BYTES)): the headroom tun_get_user() reserves */
const NET_SKB_PAD = 64;
const PAGE_SIZE = 4096;
const SMP_CACHE_BYTES = 64;
const dataAlign = (n: number): number => Math.ceil(n / SMP_CACHE_BYTES) * SMP_CACHE_BYTES;
/** kmalloc's size classes past the small-head cache: powers of two */
const kmallocSize = (n: number): number => 2 ** Math.ceil(Math.log2(n));
/** what a paged skb's head costs (a small head and the sk_buff), freed when its frags join another skb */
const PAGED_HEAD_TRUESIZE = SKB_SMALL_HEAD_CACHE_SIZE + SKB_STRUCT_SIZE;

/** A received skb's memory: its truesize, and the room left after the packet in its head (−1: the packet is in page frags). */
export interface RxSkb {
  readonly truesize: number;
  readonly tailroom: number;
  /** what it adds to the skb its frags are coalesced into (the head freed), −1 for a linear one */
  readonly fragsTruesize: number;
}

/**
 * A packet as a tun device hands it to the stack (tun_get_user → tun_alloc_skb, written as
 * packetdrill writes them: no virtio header length): under a page with its headroom, the whole
 * packet in one kmalloc'ed head (1 040 bytes of IP packet: kmalloc-2048, truesize 2 304 — real
 * 6.18.44 took scaling_ratio 111 = 1000 · 256 / 2304 from such a segment); else a small head and
 * the packet in page frags, charged as its length (tcp_rcv_toobig's windows on real 6.18.44 put
 * a 20 040-byte packet's truesize below 21 052). `ipLen` is the IP packet's length.
 */
export function tunRxSkb(ipLen: number): RxSkb {
  if (NET_SKB_PAD + ipLen < PAGE_SIZE) {
    const obj = dataAlign(NET_SKB_PAD + ipLen) + SKB_SHARED_INFO_SIZE;
    const size = obj <= SKB_SMALL_HEAD_CACHE_SIZE ? SKB_SMALL_HEAD_CACHE_SIZE : kmallocSize(obj);
    return { truesize: size + SKB_STRUCT_SIZE, tailroom: size - SKB_SHARED_INFO_SIZE - NET_SKB_PAD - ipLen, fragsTruesize: -1 };
  }
  return { truesize: PAGED_HEAD_TRUESIZE + ipLen, tailroom: -1, fragsTruesize: ipLen };
}
