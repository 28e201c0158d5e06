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

/** IP_IDENTS_SZ: the number of counter buckets (net/ipv4/route.c, 2048 on small machines) */
const IDENT_BUCKETS = 2048;

export class IpIdentGenerator {
  // allocated on first use: most hosts of a short run never send an unconnected packet
  private ids: Uint16Array | null = null;
  private last: Float64Array | null = null;

  constructor(private readonly random: () => number) {}

  /** The bucket of (dst, src, protocol): Linux hashes them with siphash and a secret key. */
  private bucket(src: number, dst: number, protocol: number): number {
    let h = Math.imul(dst ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ src ^ (h >>> 13), 0xc2b2ae35);
    h = Math.imul(h ^ protocol ^ (h >>> 16), 0x27d4eb2f);
    return (h ^ (h >>> 15)) & (IDENT_BUCKETS - 1);
  }

  /** For a packet with no connected socket. */
  select(src: number, dst: number, protocol: number, now: Nanos): number {
    const ids = (this.ids ??= new Uint16Array(IDENT_BUCKETS));
    const lastUse = (this.last ??= new Float64Array(IDENT_BUCKETS).fill(-1));
    const b = this.bucket(src, dst, protocol);
    const last = lastUse[b]!;
    if (last < 0) ids[b] = this.random() & 0xffff;
    else {
      const elapsed = Math.floor((now - last) / JIFFY_NS);
      if (elapsed > 0) ids[b] = ids[b]! + (this.random() % elapsed);
    }
    lastUse[b] = now;
    const id = ids[b]!;
    ids[b] = id + 1;
    return id;
  }
}
