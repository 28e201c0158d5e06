/**
 * The ARP neighbour table as Linux keeps it (net/core/neighbour.c, net/ipv4/arp.c).
 *
 * States and moves (NUD_*):
 *   INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE --used--> DELAY
 *   DELAY --confirmed--> REACHABLE;  DELAY --delay_first_probe_time--> PROBE (unicast who-has)
 *   INCOMPLETE/PROBE --no answer after N probes--> FAILED (queued packets dropped, the
 *   sender told "host unreachable")
 * A who-has for one of our addresses creates (or refreshes) the asker's entry as STALE
 * (arp_process → neigh_event_ns), which is why the answering side sends no ARP of its own.
 */
import type { Ipv4Addr, MacAddr } from '../wire/addr.ts';
import type { Nanos } from '../nanos.ts';

/** Linux defaults, net.ipv4.neigh.default.* (include/net/neighbour.h, arp_tbl in arp.c). */
export const NEIGH_BASE_REACHABLE_NS = 30e9;
export const NEIGH_RETRANS_NS = 1e9;
export const NEIGH_DELAY_FIRST_PROBE_NS = 5e9;
export const NEIGH_MCAST_SOLICIT = 3;
export const NEIGH_UCAST_SOLICIT = 3;
/** unres_qlen_bytes: SK_WMEM_MAX worth of packets waiting for resolution */
export const NEIGH_UNRES_QLEN_BYTES = 212992;

/** NUD states; PERMANENT is a static entry (`ip neigh add … nud permanent`): never probed, never changed by ARP */
export type NeighState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

export interface Neighbour {
  readonly ip: Ipv4Addr;
  readonly ifIndex: number;
  mac: MacAddr | undefined;
  state: NeighState;
  confirmed: Nanos;
  used: Nanos;
  reachableTime: Nanos;
  probes: number;
  /** frames (with a blank Ethernet destination) waiting for the address */
  queue: Uint8Array[];
  queuedBytes: number;
  timerToken: number;
}

export interface NeighbourHost {
  /** Send a who-has for `ip` on `ifIndex`; `to` is the unicast MAC for a probe, or undefined to broadcast. */
  sendRequest(ifIndex: number, ip: Ipv4Addr, to: MacAddr | undefined, now: Nanos): void;
  /** Fill in the destination MAC of a queued frame and transmit it. */
  transmit(ifIndex: number, frame: Uint8Array, mac: MacAddr, now: Nanos): void;
  /** Resolution failed for a queued frame (Linux: arp_error_report → ICMP host unreachable). */
  unreachable(ifIndex: number, frame: Uint8Array, now: Nanos): void;
  /** arm a jiffy timer (neigh_add_timer → mod_timer) for `at`, from `now`; `exact`: not on the wheel */
  armTimer(at: Nanos, token: number, now: Nanos, exact?: boolean): void;
  /** how long after a packet's output its who-has leaves when resolution starts (the profile's neighSolicitNs) */
  readonly solicitDelay?: Nanos;
  newToken(): number;
  /** A uniform draw in [0, 1) from the host's 'neigh' stream (reachable_time jitter). */
  random(): number;
}

export class NeighbourTable {
  private readonly entries = new Map<number, Neighbour>();
  private readonly byToken = new Map<number, Neighbour>();

  constructor(private readonly host: NeighbourHost) {}

  private key(ifIndex: number, ip: Ipv4Addr): number {
    return ifIndex * 0x100000000 + ip;
  }

  get(ifIndex: number, ip: Ipv4Addr): Neighbour | undefined {
    return this.entries.get(this.key(ifIndex, ip));
  }

  list(): readonly Neighbour[] {
    return [...this.entries.values()];
  }

  /** A static entry: frames to `ip` go to `mac` at once, with no ARP (NUD_PERMANENT). */
  addPermanent(ifIndex: number, ip: Ipv4Addr, mac: MacAddr, now: Nanos): void {
    const n = this.get(ifIndex, ip) ?? this.create(ifIndex, ip, now);
    this.disarm(n);
    n.mac = mac;
    n.state = 'PERMANENT';
  }

  /** neigh_rand_reach_time(): uniform in [base/2, 3·base/2). */
  private randomReachable(): Nanos {
    return Math.floor(NEIGH_BASE_REACHABLE_NS / 2 + this.host.random() * NEIGH_BASE_REACHABLE_NS);
  }

  private create(ifIndex: number, ip: Ipv4Addr, now: Nanos): Neighbour {
    const n: Neighbour = {
      ip, ifIndex, mac: undefined, state: 'FAILED', confirmed: now - 1e12, used: now,
      reachableTime: this.randomReachable(), probes: 0, queue: [], queuedBytes: 0, timerToken: 0,
    };
    this.entries.set(this.key(ifIndex, ip), n);
    return n;
  }

  private arm(n: Neighbour, at: Nanos, now: Nanos, exact = false): void {
    if (n.timerToken) this.byToken.delete(n.timerToken);
    n.timerToken = this.host.newToken();
    this.byToken.set(n.timerToken, n);
    this.host.armTimer(at, n.timerToken, now, exact);
  }

  private disarm(n: Neighbour): void {
    if (n.timerToken) this.byToken.delete(n.timerToken);
    n.timerToken = 0;
  }

  /**
   * Output path (neigh_resolve_output): send `frame` to `ip` now if its address is known,
   * else queue it and start resolution. The frame's first 6 bytes are overwritten with the MAC.
   */
  output(ifIndex: number, ip: Ipv4Addr, frame: Uint8Array, now: Nanos): void {
    let n = this.get(ifIndex, ip) ?? this.create(ifIndex, ip, now);
    n.used = now;
    switch (n.state) {
      case 'REACHABLE':
      case 'DELAY':
      case 'PROBE':
      case 'PERMANENT':
        this.host.transmit(ifIndex, frame, n.mac!, now);
        return;
      case 'STALE':
        // __neigh_event_send: a STALE entry is used as is and moves to DELAY
        n.state = 'DELAY';
        this.arm(n, now + NEIGH_DELAY_FIRST_PROBE_NS, now);
        this.host.transmit(ifIndex, frame, n.mac!, now);
        return;
      case 'FAILED':
        n.state = 'INCOMPLETE';
        n.probes = 0;
        this.enqueue(n, frame, now);
        // the sender's path from the packet to its who-has (neigh_create, __neigh_event_send →
        // neigh_probe → arp_solicit) takes the profile's time when resolution starts; the first probe
        // then goes out from the INCOMPLETE timer as any later one does
        const delay = this.host.solicitDelay ?? 0;
        if (delay > 0) this.arm(n, now + delay, now, true);
        else this.probe(n, now);
        return;
      case 'INCOMPLETE':
        this.enqueue(n, frame, now);
        return;
    }
  }

  private enqueue(n: Neighbour, frame: Uint8Array, now: Nanos): void {
    n.queue.push(frame);
    n.queuedBytes += frame.length;
    // __neigh_event_send drops the oldest packets past unres_qlen_bytes
    while (n.queuedBytes > NEIGH_UNRES_QLEN_BYTES && n.queue.length > 1) {
      const old = n.queue.shift()!;
      n.queuedBytes -= old.length;
      this.host.unreachable(n.ifIndex, old, now);
    }
  }

  private probe(n: Neighbour, now: Nanos): void {
    n.probes++;
    this.host.sendRequest(n.ifIndex, n.ip, n.state === 'PROBE' ? n.mac : undefined, now);
    this.arm(n, now + NEIGH_RETRANS_NS, now);
  }

  /** An ARP packet from `ip` at `mac`: `isRequestForUs` when it asked for one of our addresses. */
  onArp(ifIndex: number, ip: Ipv4Addr, mac: MacAddr, isRequestForUs: boolean, isReply: boolean, now: Nanos): void {
    let n = this.get(ifIndex, ip);
    if (n?.state === 'PERMANENT') return;
    if (isRequestForUs) {
      n ??= this.create(ifIndex, ip, now);
      // neigh_update(NUD_STALE): an entry that already has this address keeps its state
      if (n.mac === mac && n.state !== 'FAILED' && n.state !== 'INCOMPLETE') return;
      this.update(n, mac, 'STALE', now);
      return;
    }
    // a reply (or gratuitous ARP) updates only an existing entry (arp_accept = 0)
    if (n && isReply) this.update(n, mac, 'REACHABLE', now);
  }

  private update(n: Neighbour, mac: MacAddr, state: 'STALE' | 'REACHABLE', now: Nanos): void {
    n.mac = mac;
    n.state = state;
    n.probes = 0;
    if (state === 'REACHABLE') {
      n.confirmed = now;
      this.arm(n, now + n.reachableTime, now);
    } else {
      this.disarm(n);
    }
    const queued = n.queue;
    n.queue = [];
    n.queuedBytes = 0;
    for (const f of queued) this.host.transmit(n.ifIndex, f, mac, now);
  }

  /** Upper layers confirm reachability (TCP's dst_confirm on forward progress). */
  confirm(ifIndex: number, ip: Ipv4Addr, now: Nanos): void {
    const n = this.get(ifIndex, ip);
    if (n && n.mac !== undefined) n.confirmed = now;
  }

  /** neigh_timer_handler(). Returns false for a token that is not ours (or stale). */
  onTimer(token: number, now: Nanos): boolean {
    const n = this.byToken.get(token);
    if (!n) return false;
    this.byToken.delete(token);
    n.timerToken = 0;
    switch (n.state) {
      case 'REACHABLE':
        if (now < n.confirmed + n.reachableTime) this.arm(n, n.confirmed + n.reachableTime, now);
        else if (now < n.used + NEIGH_DELAY_FIRST_PROBE_NS) {
          n.state = 'DELAY';
          this.arm(n, now + NEIGH_DELAY_FIRST_PROBE_NS, now);
        } else {
          n.state = 'STALE';
          n.reachableTime = this.randomReachable();
        }
        return true;
      case 'DELAY':
        if (now <= n.confirmed + NEIGH_DELAY_FIRST_PROBE_NS) {
          n.state = 'REACHABLE';
          this.arm(n, n.confirmed + n.reachableTime, now);
        } else {
          n.state = 'PROBE';
          n.probes = 0;
          this.probe(n, now);
        }
        return true;
      case 'PROBE':
      case 'INCOMPLETE': {
        const max = n.state === 'PROBE' ? NEIGH_UCAST_SOLICIT : NEIGH_MCAST_SOLICIT;
        if (n.probes >= max) {
          n.state = 'FAILED';
          const queued = n.queue;
          n.queue = [];
          n.queuedBytes = 0;
          for (const f of queued) this.host.unreachable(n.ifIndex, f, now);
          return true;
        }
        this.probe(n, now);
        return true;
      }
      default:
        return true;
    }
  }
}
