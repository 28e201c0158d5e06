/**
 * What a queued datagram costs its socket's receive buffer (skb->truesize): on the lab's veth
 * pairs and on loopback the receiver queues the sender's own skb, which __ip_append_data
 * allocated for the whole datagram (payload, UDP and IP headers, LL_RESERVED_SPACE, 15 bytes of
 * alignment) plus its skb_shared_info: from the small-head cache when that fits (6.3+,
 * SKB_SMALL_HEAD_CACHE_SIZE = MAX_TCP_HEADER + shared info), else the next kmalloc size (a
 * power of two), plus the sk_buff itself. Measured on this machine's 6.18 kernel with
 * SO_RCVBUF 2048–32768 and payloads 0–8000 bytes: 832 bytes up to 197 bytes of payload, 1280
 * up to 645, 2304 up to 1669 (a 1472-byte datagram), then 4352, 8448, 16640
 * (test/stack/udp/rcvbuf-truesize.test.ts).
 * A datagram the network fragmented is charged here as if it had come whole (Linux sums its
 * fragments' skbs, a little more).
 */
import { headAllocSize, SKB_SHARED_INFO_SIZE, SKB_STRUCT_SIZE } from '../skb.ts';

/** IPv4 + UDP headers, and IPv6 + UDP */
const NET_HEADERS_V4 = 20 + 8;
const NET_HEADERS_V6 = 40 + 8;
/** LL_RESERVED_SPACE(dev) for Ethernet (hard_header_len 14 rounded to 16) plus __ip_append_data's 15 */
const LINK_RESERVE = 16 + 15;

export function datagramTruesize(payload: number, ipv6 = false): number {
  const head = payload + (ipv6 ? NET_HEADERS_V6 : NET_HEADERS_V4) + LINK_RESERVE + SKB_SHARED_INFO_SIZE;
  return headAllocSize(head) + SKB_STRUCT_SIZE;
}
