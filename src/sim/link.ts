/**
 * An L2 segment that behaves like one of Docker's bridges: every attached interface is a
 * port; a frame to a known MAC goes to that port only, broadcast, multicast and unknown unicast
 * go to every other port (a Linux bridge with multicast_snooping on but no querier floods
 * multicast: test/fixtures/real/py/multicast shows a non-member receiving the group's datagrams). Each port's transmit side has a bandwidth (serialization delay), a
 * bounded drop-tail queue and optional random loss; the segment adds a one-way latency.
 * A port's carrier can go off (an unplugged veth, a machine disconnected from the network):
 * its frames are dropped before any capture sees them (Linux swaps in noop_qdisc on carrier
 * loss, dev_deactivate) and nothing reaches it. The bandwidth can change while running.
 */
import type { MacAddr } from '../stack/wire/addr.ts';
import { readMac } from '../stack/wire/addr.ts';
import type { RandomStream } from './rng.ts';
import type { Nanos } from './time.ts';

export interface LinkParams {
  /** one-way latency, ns */
  readonly latency: Nanos;
  /**
   * one-way latency of a frame in a softirq chain (sim/softirq-chain.ts: a call's frame, and
   * what its receiver sends at once while taking it): a veth pair hands the frame to the
   * receiver inside the sender's transmit, on a CPU that is running hot. Absent: the link hands
   * frames on outside the sending call (the lab's default 20 µs stands for a frame waiting for
   * its softirq), so no call waits for an answer.
   */
  readonly chainLatency?: Nanos;
  /** bits per second; Infinity for a veth pair that only copies memory */
  readonly bandwidth: number;
  readonly mtu: number;
  /** frames that may wait in a port's transmit queue before drop-tail (txqueuelen) */
  readonly queueFrames: number;
  /** probability that a frame is lost on the wire */
  readonly loss: number;
  /** loss hits IPv4 frames only, so ARP always resolves (labwire/testing's runs) */
  readonly lossIpOnly?: boolean;
}

/**
 * A Docker bridge port (a veth pair into the bridge): no qdisc (`noqueue`), so nothing is
 * dropped at the sender; what bounds a burst is the peer's backlog, which a real receiver
 * drains as fast as it fills. The queue is therefore deep enough for any window TCP's buffers
 * allow (4 MiB of 1500-byte frames), so a bulk transfer sees no drops a veth would not show.
 */
export const DOCKER_BRIDGE: LinkParams = {
  latency: 20_000,
  bandwidth: 10e9,
  mtu: 1500,
  queueFrames: 4096,
  loss: 0,
};

/**
 * A veth hop inside a softirq chain, during a transfer: the client's socket took the reader's
 * window update 1–6 µs after it left mesin1's eth1, 2 µs the median of 18
 * (test/fixtures/real/upload300k-idle/traced, tN.chain.txt: "client took it", softirq on the
 * reader's CPU). ping's 3.2 µs (VETH_HOP) is one echo reply a second, on CPUs gone cold.
 */
export const VETH_CHAIN_HOP = 2_000;

/**
 * The lab's networks as the namespace lab's veth pairs behave (`labwire run --links veth`): a
 * frame sent from softirq (an ACK) crosses in 3.2 µs — the median time of ping's echo replies
 * from mesin2's eth1 to mesin1's in test/fixtures/real/ping/pair, which test/helpers/veth.ts
 * reads and a test compares with this — and a veth pair copies memory (no serialisation). With
 * the python3 CPU profile, which charges a system call the send path including the peer's
 * softirq, the timing of a real machine: test/pybridge/real-linux.test.ts's second suite. The
 * default 20 µs stands for a frame sent from a system call waiting for its softirq.
 */
export const VETH_HOP = { latency: 3235, bandwidth: Infinity, chainLatency: VETH_CHAIN_HOP } as const;

/** `--links` presets: the lab's own (DOCKER_BRIDGE) or the veth hop */
export const LINK_PRESETS = { lab: undefined, veth: VETH_HOP } as const;

export interface Port {
  readonly host: string;
  readonly ifIndex: number;
  readonly mac: MacAddr;
  /** when the transmitter is next free */
  busyUntil: Nanos;
  /** end times of frames still queued or on the wire, oldest first */
  readonly inFlight: Nanos[];
  /** false while the cable is out */
  carrier: boolean;
}

export interface Delivery {
  readonly port: Port;
  readonly at: Nanos;
}

/** What a transmit did: when the frame starts on the wire, and where and when it arrives. */
export interface Transmission {
  readonly start: Nanos;
  readonly deliveries: readonly Delivery[];
}

const NOWHERE: readonly Delivery[] = [];

export class Segment {
  readonly ports: Port[] = [];
  /** transmit's answer, reused (one per frame otherwise): read it before the next transmit */
  private readonly sent = { start: 0 as Nanos, deliveries: NOWHERE };
  private readonly unicast = { port: undefined as unknown as Port, at: 0 as Nanos };
  private readonly toOne: readonly Delivery[] = [this.unicast];
  private readonly byMac = new Map<MacAddr, Port>();
  dropped = 0;
  lost = 0;

  constructor(
    readonly name: string,
    public params: LinkParams,
    private readonly lossRng: RandomStream,
  ) {}

  /** A bandwidth change (a timed event): frames that start from now on use it. */
  setBandwidth(bitsPerSecond: number): void {
    this.params = { ...this.params, bandwidth: bitsPerSecond };
  }

  /** The port of `host`'s interface `ifIndex`, if attached. */
  port(host: string, ifIndex: number): Port | undefined {
    return this.ports.find((p) => p.host === host && p.ifIndex === ifIndex);
  }

  attach(host: string, ifIndex: number, mac: MacAddr): Port {
    const p: Port = { host, ifIndex, mac, busyUntil: 0, inFlight: [], carrier: true };
    this.ports.push(p);
    this.byMac.set(mac, p);
    return p;
  }

  /**
   * Transmit `frame` from `from` at `now` (`chained`: in a softirq chain, which a link with a
   * chainLatency hands on at once). Returns when the frame starts on the wire (the
   * moment a capture on the sender sees it) and where and when it arrives, or undefined
   * when the queue is full and the frame is dropped. The answer is valid until the next call.
   */
  transmit(from: Port, frame: Uint8Array, now: Nanos, chained = false): Transmission | undefined {
    if (!from.carrier) {
      this.dropped++;
      return undefined;
    }
    const q = from.inFlight;
    while (q.length && q[0]! <= now) q.shift();
    if (q.length >= this.params.queueFrames) {
      this.dropped++;
      return undefined;
    }
    const start = Math.max(now, from.busyUntil);
    const serialization = Number.isFinite(this.params.bandwidth) ? Math.round((frame.length * 8 * 1e9) / this.params.bandwidth) : 0;
    const end = start + serialization;
    from.busyUntil = end;
    q.push(end);
    const lossy = this.params.loss > 0 && (!this.params.lossIpOnly || (frame[12] === 0x08 && frame[13] === 0x00));
    if (lossy && this.lossRng.float() < this.params.loss) {
      this.lost++;
      return this.answer(start, NOWHERE);
    }
    const at = end + (chained && this.params.chainLatency !== undefined ? this.params.chainLatency : this.params.latency);
    const dst = readMac(frame, 0);
    const target = this.byMac.get(dst);
    if (target && target !== from) {
      if (!target.carrier) return this.answer(start, NOWHERE);
      this.unicast.port = target;
      this.unicast.at = at;
      return this.answer(start, this.toOne);
    }
    if (target === from) return this.answer(start, NOWHERE);
    return this.answer(start, this.ports.filter((p) => p !== from && p.carrier).map((port) => ({ port, at })));
  }

  private answer(start: Nanos, deliveries: readonly Delivery[]): Transmission {
    this.sent.start = start;
    this.sent.deliveries = deliveries;
    return this.sent;
  }
}
