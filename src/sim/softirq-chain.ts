/**
 * Softirq chains: on a veth pair a frame a system call transmits is received by the peer inside
 * that transmit (veth_xmit → __netif_rx; the receive softirq runs as dev_queue_xmit's
 * local_bh_enable ends, on the sender's CPU), and what the peer sends at once from that softirq
 * — the ACK of a send's data, the data a reader's ACK lets out — comes back into the caller's
 * CPU backlog and runs in the same softirq pass. So it is back before the call returns, and
 * finds the caller's socket still locked: it waits in the socket's backlog and runs at
 * release_sock(), with whatever else came (test/fixtures/real/upload300k-idle/traced: the
 * client's answer to the reader's ACK lands in the reader's backlog before recvfrom()
 * returns; bulk-cwnd-idle: the first send's two GSO packets acknowledged as one).
 *
 * labwire's links take time per hop (that softirq work), so a call that keeps its socket locked
 * until its chain is over has to wait for it: a chain is the frames a call transmitted and
 * those the receivers sent in answer while taking them (two hops: a frame and its answer), each
 * tracked until it arrives, on links that hand frames on inside the transmit (sim/link.ts
 * LinkParams.chainLatency: VETH_HOP's 2 µs, where a frame outside a chain takes 3.2 µs; the
 * lab's default link carries no chain). The world tags the frames (World.chains); the CPU
 * model waits (syscall/cpu.ts).
 *
 * A frame's tag is `chain · 4 + hop` (hop 1: the call's own frame, 2: an answer to it), kept in
 * the event's token.
 */
import type { Nanos } from './time.ts';

/** hops a chain follows: the call's frame and the answer it draws */
const HOPS = 2;

export class SoftirqChains<Host> {
  private nextId = 1;
  /** by chain: when each of its frames still in flight arrives */
  private readonly inFlight = new Map<number, Nanos[]>();
  /** the tag the next frames `host` sends get (at its next drain): a call's, or an answer's */
  private tag = 0;
  private host: Host | null = null;

  /** a new chain, for one call on `host`: the frames it sends as the current turn ends are the chain's own */
  open(host: Host): number {
    const id = this.nextId++;
    this.inFlight.set(id, []);
    this.on(host, id);
    return id;
  }

  /** the frames `host` sends as the current turn ends belong to chain `id` (its call goes on: release_sock's backlog run) */
  on(host: Host, id: number): void {
    this.tag = SoftirqChains.first(id);
    this.host = host;
  }

  /** what `host` sends while taking a frame tagged `tag` answers it (none past the last hop) */
  answering(host: Host, tag: number): void {
    this.tag = this.answerTag(tag);
    this.host = this.tag === 0 ? null : host;
  }

  /** the tag for the frames `host` sends now, once (0: none) */
  takeTag(host: Host): number {
    if (this.host !== host) return 0;
    this.host = null;
    return this.tag;
  }

  /** the call is over: its chain's frames still in flight are no longer waited for */
  close(id: number): void {
    this.inFlight.delete(id);
  }

  /** the tag of a call's own frames */
  static first(id: number): number {
    return id * 4 + 1;
  }

  /** the tag of what a machine sends while taking a frame tagged `tag`: the next hop's, or 0 past the last */
  answerTag(tag: number): number {
    const hop = tag & 3;
    const id = tag >> 2;
    return hop < HOPS && this.inFlight.has(id) ? id * 4 + hop + 1 : 0;
  }

  /** a frame tagged `tag` is on its way, arriving at `at` */
  sent(tag: number, at: Nanos): void {
    this.inFlight.get(tag >> 2)?.push(at);
  }

  /** a frame tagged `tag`, due at `at`, has arrived and was taken (what it drew already sent) */
  arrived(tag: number, at: Nanos): void {
    const times = this.inFlight.get(tag >> 2);
    if (!times) return;
    const i = times.indexOf(at);
    if (i >= 0) times.splice(i, 1);
  }

  /** how long until the chain's next frame arrives (at least 1 ns while one is due), 0 when none is in flight */
  wait(id: number, now: Nanos): Nanos {
    const times = this.inFlight.get(id);
    if (!times || times.length === 0) return 0;
    let first = times[0]!;
    for (const t of times) if (t < first) first = t;
    return Math.max(1, first - now);
  }
}
