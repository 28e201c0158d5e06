/**
 * A device's root qdisc as `tc qdisc add|replace|delete dev DEV root pfifo [limit N]` leaves
 * it, for the packets the host sends (dev_queue_xmit → __dev_xmit_skb → the qdisc's enqueue).
 * labwire's devices take every packet the moment the kernel hands it over (a tun, a veth with
 * no serialization), so a pfifo queue never holds one: its limit matters only when it is 0,
 * where pfifo_enqueue() drops each packet (qdisc_drop → NET_XMIT_DROP). The sender learns that
 * at once, as the return value of its transmit (tcp_transmit_skb), and nothing reaches the
 * wire or a capture (dev_queue_xmit_nit runs only for packets the qdisc lets through).
 */

/** a root qdisc set by `tc`; null: the device's default one (which never drops here) */
export type RootQdisc = { readonly kind: 'pfifo'; readonly limit: number } | null;

/** Does this qdisc drop every packet (pfifo with limit 0)? */
export function qdiscDropsAll(q: RootQdisc): boolean {
  return q !== null && q.kind === 'pfifo' && q.limit === 0;
}

/** The root qdiscs of one host's devices, by interface index. */
export class DeviceQdiscs {
  private readonly dropping = new Set<number>();

  set(ifIndex: number, q: RootQdisc): void {
    if (qdiscDropsAll(q)) this.dropping.add(ifIndex);
    else this.dropping.delete(ifIndex);
  }

  /** NET_XMIT_DROP for every packet out of `ifIndex` now (no set lookup while no device drops: every frame asks) */
  drops(ifIndex: number): boolean {
    return this.dropping.size !== 0 && this.dropping.has(ifIndex);
  }

  get anyDrops(): boolean {
    return this.dropping.size !== 0;
  }
}
