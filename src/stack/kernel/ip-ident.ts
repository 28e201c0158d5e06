/**
 * IPv4 identification as Linux chooses it (include/net/ip.h ip_select_ident_segs):
 * - a connected socket (TCP after connect/accept, connected UDP) counts from its own
 *   random start (inet_sk(sk)->inet_id, get_random_u16() at connect time);
 * - replies from the kernel's control sockets that must not leak a counter (SYN-ACK from a
 *   request sock, RST for a segment with no socket) carry id 0 (the caller decides);
 * - everything else, DF or not, takes __ip_select_ident(): a counter per (dst, src,
 *   protocol) bucket that also jumps by a random amount below the jiffies elapsed since its
 *   last use (net/ipv4/route.c ip_idents_reserve). test/fixtures/real/ping shows it on 6.18:
 *   ping's DF echo requests count 0xd34f, 0xd356, 0xd39b… and the replies (no DF) likewise.
 */
import type { Nanos } from '../nanos.ts';

/** Linux's jiffy on a HZ=250 kernel (Debian's and WSL2's default), in ns. */
const JIFFY_NS = 4e6;

export class IpIdentGenerator {
  private readonly buckets = new Map<string, { id: number; last: Nanos }>();

  constructor(private readonly random: () => number) {}

  /** For a packet with no connected socket. */
  select(src: number, dst: number, protocol: number, now: Nanos): number {
    const key = `${dst}:${src}:${protocol}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { id: this.random() & 0xffff, last: now };
      this.buckets.set(key, b);
    } else {
      const elapsed = Math.floor((now - b.last) / JIFFY_NS);
      if (elapsed > 0) b.id = (b.id + (this.random() % elapsed)) & 0xffff;
      b.last = now;
    }
    const id = b.id;
    b.id = (b.id + 1) & 0xffff;
    return id;
  }
}
