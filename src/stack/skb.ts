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
