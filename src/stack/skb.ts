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
/** include/linux/skbuff.h SMP_CACHE_BYTES alignment of SKB_DATA_ALIGN() */
const SMP_CACHE_BYTES = 64;
/** NET_SKB_PAD: the headroom a driver reserves before a received packet (max(32, L1_CACHE_BYTES)) */
export const NET_SKB_PAD = 64;
export const PAGE_SIZE = 4096;

export const skbDataAlign = (n: number): number => Math.ceil(n / SMP_CACHE_BYTES) * SMP_CACHE_BYTES;

/**
 * What kmalloc_reserve() gives a head of `bytes` (its data plus skb_shared_info): the small-head
 * cache when it fits (6.3+), else the next kmalloc size, a power of two (kmalloc_large's pages
 * above 8 KiB are a power of two as well).
 */
export function headAllocSize(bytes: number): number {
  return bytes <= SKB_SMALL_HEAD_CACHE_SIZE ? SKB_SMALL_HEAD_CACHE_SIZE : 2 ** Math.ceil(Math.log2(bytes));
}

/** SKB_MAX_HEAD(NET_SKB_PAD): the most a one-page head holds after its headroom and shared info */
const TUN_GOOD_LINEAR = PAGE_SIZE - NET_SKB_PAD - SKB_SHARED_INFO_SIZE;

/**
 * The truesize of a packet of `ipLen` bytes written into a tun device, as packetdrill injects its
 * `<` packets: tun_get_user() → tun_alloc_skb() keeps up to SKB_MAX_HEAD of it linear in a kmalloc'd
 * head (after NET_SKB_PAD of headroom) and puts the rest in pages (alloc_skb_with_frags: whole
 * pages, so PAGE_ALIGN of the rest). Measured on this machine's 6.18 with packetdrill and
 * `ss -tm` (test/fixtures/real/packetdrill/FACTS.md): 540 bytes cost 1280, 1040 → 2304,
 * 3540 → 4352, 4040 → 8448, 8040 → 12544, 16040 → 20736, 60040 → 61696.
 */
export function tunSkbTruesize(ipLen: number): number {
  const linear = Math.min(ipLen, TUN_GOOD_LINEAR);
  const pages = Math.ceil((ipLen - linear) / PAGE_SIZE) * PAGE_SIZE;
  return tunHead(linear) + pages + SKB_STRUCT_SIZE;
}

const tunHead = (linear: number): number => headAllocSize(skbDataAlign(NET_SKB_PAD + linear) + SKB_SHARED_INFO_SIZE);

/**
 * The room left after the data in such an skb's head (skb_tailroom; none once it has pages): a
 * later segment that fits is copied there at no charge (skb_try_coalesce's first case).
 */
export function tunSkbTailroom(ipLen: number): number {
  if (ipLen > TUN_GOOD_LINEAR) return 0;
  return tunHead(ipLen) - SKB_SHARED_INFO_SIZE - NET_SKB_PAD - ipLen;
}
