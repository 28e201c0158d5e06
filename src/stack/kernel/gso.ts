/**
 * skb_shinfo(skb)->gso_size for the frames that leave a host whole as GSO super-segments.
 * labwire's frames are bytes, and a capture shows a super-segment as one frame, as tcpdump on
 * the sender does; the segment size the device (or a router's egress) would cut it to lives
 * here, keyed by the frame object, which the simulator hands from link to host unchanged. A
 * router needs it for ip_exceeds_mtu() (skb_gso_validate_network_len): a super-segment longer
 * than the next hop's MTU passes when each of its segments fits. Only frames sent through a
 * gateway are marked: a frame for the local link never meets a router.
 */
const sizes = new WeakMap<Uint8Array, number>();

/** the frame carries payload cut into `gsoSize`-byte segments */
export function markGso(frame: Uint8Array, gsoSize: number): void {
  sizes.set(frame, gsoSize);
}

/** the frame's segment size, or 0 when it is one packet */
export function gsoSizeOf(frame: Uint8Array): number {
  return sizes.get(frame) ?? 0;
}
