/**
 * Whose skb a received TCP frame is. tcp_transmit_skb() sends a clone of the skb it keeps for
 * retransmission, and a veth or loopback device hands that clone to the receiving stack as it
 * is: the receiver's skb shares its data with the sender's original (skb_cloned()) until the
 * sender frees the original (all of it acknowledged) or trims it (tcp_trim_head() →
 * skb_unclone(), part of it acknowledged). The receiving TCP needs to know, because
 * skb_try_coalesce() will not add to a cloned skb: neither tcp_add_backlog() nor
 * tcp_queue_rcv() joins a later segment to one the sender still holds.
 *
 * labwire's frames are bytes; the sending socket of a frame that carries data lives here, keyed
 * by the frame object, which links hand from host to host unchanged (as gso.ts). What the
 * socket is and what it holds is the TCP layer's business (tcp/clone.ts): here it is opaque.
 * A frame built anew on the way (a router's fragments, software GSO's segments, a packet a
 * test injects) has no sender here, as its Linux skb is nobody's clone.
 */
export type SkbSender = object;

const senders = new WeakMap<Uint8Array, SkbSender>();

/** the frame is a clone of an skb `sender` keeps */
export function markSkbSender(frame: Uint8Array, sender: SkbSender): void {
  senders.set(frame, sender);
}

/** the socket whose skb the frame is a clone of, if any */
export function skbSenderOf(frame: Uint8Array): SkbSender | undefined {
  return senders.get(frame);
}
