/**
 * Path MTU discovery's memory (RFC 1191): the MTUs that ICMP "fragmentation needed" messages
 * taught this host, one per destination, as Linux keeps them in the route's next-hop exception
 * table (fib_nh_exception: rt_pmtu and its expiry). Pure state, no clock of its own: every
 * call brings `now`.
 *
 * Linux's rules (net/ipv4/route.c __ip_rt_update_pmtu, ipv4_mtu):
 * - a report only lowers the path MTU, never raises it above what the route has now;
 * - below net.ipv4.route.min_pmtu (552) the MTU becomes 552 and is locked: packets to that
 *   destination stop carrying DF (ip_dont_fragment with IP_PMTUDISC_WANT);
 * - the learnt MTU lasts net.ipv4.route.mtu_expires (600 s), then the device's MTU is back.
 * IPv4 only: ICMPv6 "packet too big" is not modelled.
 */
import type { Nanos } from '../nanos.ts';
import type { Ipv4Addr } from '../wire/addr.ts';

/** net.ipv4.route.min_pmtu: 512 + 20 + 20 */
export const IP_RT_MIN_PMTU = 552;
/** net.ipv4.route.mtu_expires: 10 minutes */
export const IP_RT_MTU_EXPIRES_NS = 600_000_000_000;

interface Exception {
  readonly mtu: number;
  readonly expires: Nanos;
  readonly locked: boolean;
}

export class PathMtuCache {
  private readonly exceptions = new Map<Ipv4Addr, Exception>();

  /** how many destinations have an MTU of their own (0: every path has its device's) */
  get size(): number {
    return this.exceptions.size;
  }

  private live(dst: Ipv4Addr, now: Nanos): Exception | undefined {
    const e = this.exceptions.get(dst);
    if (e && now >= e.expires) {
      this.exceptions.delete(dst);
      return undefined;
    }
    return e;
  }

  /** ipv4_mtu(): the MTU towards `dst`: the learnt one while it lasts, else the device's */
  mtu(dst: Ipv4Addr, deviceMtu: number, now: Nanos): number {
    const e = this.live(dst, now);
    return e ? Math.min(e.mtu, deviceMtu) : deviceMtu;
  }

  /** the MTU towards `dst` is locked (learnt below min_pmtu): no DF */
  locked(dst: Ipv4Addr, now: Nanos): boolean {
    return this.live(dst, now)?.locked === true;
  }

  /**
   * __ip_rt_update_pmtu(): a "fragmentation needed" report of `reported` bytes for `dst`.
   * Returns the path MTU now in force.
   */
  update(dst: Ipv4Addr, deviceMtu: number, reported: number, now: Nanos): number {
    const old = this.mtu(dst, deviceMtu, now);
    if (this.locked(dst, now) || old < reported) return old;
    let mtu = reported;
    let locked = false;
    if (mtu < IP_RT_MIN_PMTU) {
      locked = true;
      mtu = Math.min(old, IP_RT_MIN_PMTU);
    }
    const e = this.live(dst, now);
    // the same MTU learnt again refreshes the expiry only past half its life
    if (e && e.mtu === mtu && !locked && now < e.expires - IP_RT_MTU_EXPIRES_NS / 2) return mtu;
    this.exceptions.set(dst, { mtu, expires: now + IP_RT_MTU_EXPIRES_NS, locked });
    return mtu;
  }
}
