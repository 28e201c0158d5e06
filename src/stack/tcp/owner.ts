/**
 * Who runs a connection's input: softirq, or the program that holds the socket. Linux's
 * tcp_v4_rcv() processes a segment at once unless the socket is owned by the user
 * (sock_owned_by_user: a system call between lock_sock() and release_sock()); then the
 * segment waits in the socket's backlog (tcp_add_backlog) and release_sock() runs it
 * (__release_sock → tcp_v4_do_rcv) in the caller's context, after what the call did.
 *
 * labwire's system calls take no time, so a socket is owned only while a CPU model charges
 * a send under the lock (syscall/cpu.ts): tcp_sendmsg's copy of the user's bytes, and after
 * its tcp_push the softirq work the transmit runs in the call (on veth, veth_xmit runs the
 * peer's receive and the ACK coming back before tcp_sendmsg reaches release_sock). So the
 * backlogged ACKs are seen after the push, coalesced (addBacklog) as Linux's backlog does.
 * labwire's veth hop takes time instead, so a profile whose send costs less than the round trip
 * (python3-idle; CpuProfile.ackChain) keeps the lock until the send's softirq chain is over
 * (sim/softirq-chain.ts: the frames it sent and the answers they drew have arrived), and its
 * release runs the backlog with the lock kept (layer.flush), again after what that run sent
 * has drawn its answers, until a run finds nothing: __release_sock()'s loop, in which the ACKs
 * of the data a release sends run before release_sock() returns. The first 16 KiB of
 * test/fixtures/real/bulk-cwnd-idle: two GSO packets whose ACKs run as one (cwnd 10 → 20),
 * then the tail and its ACK, in every recording.
 * Without a CPU model nothing here happens: every segment is processed as it arrives.
 *
 * A recv() the CPU model times holds the lock the same way while it copies (tcp_recvmsg_locked:
 * its copy_to_user() page-faults into a fresh buffer, syscall/first-touch.ts): what arrives
 * meanwhile waits in the backlog; once the queue is copied, the backlog runs with the lock kept
 * (__sk_flush_backlog) and what it queued is copied too, until the call has its bytes or
 * nothing more came; then tcp_cleanup_rbuf() and release_sock(). The ACKs of that data leave
 * as the backlog runs, late: the sender's flight grows meanwhile, and with it slow start's cwnd.
 * What waits counts against the receive buffer until its run is over (sk_backlog.len, kept in
 * TcpConn.backlog by addBacklog and zeroed by releaseOwner): tcp_space() takes it off.
 *
 * The reader's ACK runs its consequences before the release. On veth, the transmit of the ACK
 * or window update tcp_cleanup_rbuf() sends runs the peer's receive in softirq on the reader's
 * CPU (veth_xmit → __netif_rx, then do_softirq as the transmit ends), and what the peer sends in
 * answer (tcp_ack → tcp_data_snd_check) comes back the same way, before tcp_recvmsg reaches
 * release_sock(): into the reader's backlog. labwire's veth hop takes time instead (the link's
 * latency is that softirq work), so a CPU model that asks (readEnd's keepIfSent;
 * CpuProfile.ackChain) keeps the lock after such a cleanup for what the chain costs, and the
 * answer waits in the backlog as on Linux. In the idle upload (test/fixtures/real/upload300k-idle
 * and its traced/) a recv(1000) that sends an ACK returns 4–55 µs after it, the more the larger
 * the answer, and the next recv() acknowledges that answer: one recv() per round trip, where
 * without the hold labwire's reader made two.
 *
 * The reader's side: a segment that comes while a reader waits in recv() may be answered from
 * the reader's context instead of softirq, its ACK sent once the reader has copied the data
 * (tcp_cleanup_rbuf, ~5–28 µs later on the namespace lab's veth) — `reader`, a draw the
 * CPU model supplies; see syscall/cpu-profile.ts (readerAcks) for why it is drawn and with what share.
 */
import { copyTcpSegment, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_RST, TCP_SYN, TCP_URG, type TcpSegment } from '../wire/tcp.ts';
import type { TcpOption } from '../wire/tcp-options.ts';
import { none, writable } from './none.ts';
import { seqGe } from './seq.ts';
import { MAX_SKB_FRAGS } from './linux.ts';
import { segmentHeaders } from './rcv-skb.ts';
import type { TcpConn } from './conn.ts';
import type { SkbSender } from '../kernel/skb-clone.ts';
import { heldBySender } from './clone.ts';

/** what a socket keeps for its owner (fields of Sock) */
export interface SockOwner {
  /** lock_sock() held by a system call (sock_owned_by_user) */
  owned: boolean;
  /**
   * the lock was taken by a CPU model's timed send (SyscallTable.lockSocket): it is held past
   * tcp_push, while the transmit's softirq work is charged, until the model lets go (unlock)
   */
  timed: boolean;
  /** segments that arrived while owned, in order (sk_backlog), with their IP ECN bits; the shared empty list until the first */
  rxBacklog: BackloggedSegment[];
  /** an ICMP "fragmentation needed" came while owned: its next-hop MTU, for release_sock (TCP_MTU_REDUCED_DEFERRED); −1 none */
  mtuInfo: number;
  /** set while a thread waits in recv(): true when the segment in hand is answered from its context */
  reader: ((len: number) => boolean) | null;
  /** a CPU model times the copies of the recv() in progress: one that takes data keeps the lock (reading) */
  readTimed: boolean;
  /** a timed recv() holds the lock: tcp_recvmsg copying, its tcp_cleanup_rbuf() left to its end */
  reading: boolean;
}

export interface BackloggedSegment {
  seg: TcpSegment;
  readonly ecn: number;
  /** the segments coalesced into it (gso_segs), 1 when it came alone */
  pieces: number;
  /** its largest piece's payload (the coalesced skb's gso_size), 0 for pure ACKs */
  unit: number;
  /** the socket whose skb it is a clone of (clone.ts): nothing joins it while that one holds it */
  readonly sender: SkbSender | undefined;
}

export function newOwner(): SockOwner {
  return { owned: false, timed: false, rxBacklog: none(), mtuInfo: -1, reader: null, readTimed: false, reading: false };
}

/**
 * tcp_add_backlog(): keep the segment for release_sock(). It is copied, payload and options:
 * the frame it views, and the segment object itself (ip-input.ts reuses one), may not outlive
 * this delivery. A segment that continues the backlog's last one in sequence, with the same
 * flags that matter and the same options, is coalesced into it (TCPBacklogCoalesce): the later
 * ACK and window win, the payloads join. Data the sender still holds is not (its skb is a
 * clone: clone.ts), so over veth data waits as the sender's skbs, each run on its own. Two ACKs
 * that come while a send copies its bytes run as one ACK of both — one cwnd step of slow start
 * for both, as on Linux, where separate runs would let the tcp_push between them see a
 * cwnd-limited flight twice.
 */
export function addBacklog(o: SockOwner, seg: TcpSegment, ecn: number, conn?: TcpConn, sender?: SkbSender): 'coalesced' | 'queued' {
  const tail = o.rxBacklog.length > 0 ? o.rxBacklog[o.rxBacklog.length - 1]! : undefined;
  if (tail && canCoalesce(tail, seg, ecn)) {
    coalesce(tail, seg);
    if (conn) conn.backlog.len += seg.payload.length; // sk_add_backlog(): sk_backlog.len grows by a coalesced skb's bytes
    return 'coalesced';
  }
  if (conn) conn.backlog.len += conn.cfg.rcvSkb.truesize(seg.payload.length, segmentHeaders(conn.tcb.tsOk)); // …or the skb's truesize
  (o.rxBacklog = writable(o.rxBacklog)).push({ seg: copyTcpSegment(seg), ecn, pieces: 1, unit: seg.payload.length, sender });
  return 'queued';
}

// MAX_SKB_FRAGS (linux.ts): skb_try_coalesce() gives up when the pieces' fragments would not fit one skb
const NEVER_COALESCED = TCP_SYN | TCP_RST | TCP_URG;
const MUST_MATCH = TCP_ECE | TCP_CWR;

/** tcp_add_backlog()'s conditions, in its order */
function canCoalesce(tail: BackloggedSegment, seg: TcpSegment, ecn: number): boolean {
  const t = tail.seg;
  const tailEnd = t.seq + t.payload.length + (t.flags & TCP_FIN ? 1 : 0);
  return (tailEnd >>> 0) === seg.seq
    && tail.ecn === ecn
    && ((t.flags | seg.flags) & NEVER_COALESCED) === 0
    && (t.flags & seg.flags & TCP_ACK) !== 0
    && ((t.flags ^ seg.flags) & MUST_MATCH) === 0
    && ((t.reserved ^ seg.reserved) & 1) === 0 // TCPHDR_AE
    && t.dataOffset === seg.dataOffset
    && sameOptions(t.options, seg.options)
    && (seg.payload.length === 0 || tail.pieces < MAX_SKB_FRAGS)
    && !heldBySender(tail.sender, t.seq); // skb_try_coalesce(): "if (skb_cloned(to)) return false"
}

function coalesce(tail: BackloggedSegment, seg: TcpSegment): void {
  const t = tail.seg;
  let payload = t.payload;
  if (seg.payload.length > 0) {
    payload = new Uint8Array(t.payload.length + seg.payload.length);
    payload.set(t.payload);
    payload.set(seg.payload, t.payload.length);
  }
  const later = seqGe(seg.ack, t.ack);
  tail.seg = { ...t, payload, flags: t.flags | seg.flags, ack: later ? seg.ack : t.ack, window: later ? seg.window : t.window };
  tail.pieces++;
  tail.unit = Math.max(tail.unit, seg.payload.length);
}

/** memcmp() of the two headers' option bytes, on their parsed form */
function sameOptions(a: readonly TcpOption[], b: readonly TcpOption[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case 'mss': if (x.mss !== (y as typeof x).mss) return false; break;
      case 'wscale': if (x.shift !== (y as typeof x).shift) return false; break;
      case 'timestamps': if (x.tsval !== (y as typeof x).tsval || x.tsecr !== (y as typeof x).tsecr) return false; break;
      case 'sack': {
        const yb = (y as typeof x).blocks;
        if (x.blocks.length !== yb.length || x.blocks.some((blk, k) => blk[0] !== yb[k]![0] || blk[1] !== yb[k]![1])) return false;
        break;
      }
      case 'unknown': {
        const yd = (y as typeof x).data;
        if (x.code !== (y as typeof x).code || x.data.length !== yd.length || x.data.some((v, k) => v !== yd[k])) return false;
        break;
      }
      default: break;
    }
  }
  return true;
}

/**
 * release_sock(): the owner lets go; the backlog's segments run in arrival order, each through
 * `run`, with a coalesced segment's largest piece (its gso_size: what tcp_measure_rcv_mss reads),
 * 0 for one that came alone. (A segment arriving while they run is processed at once: the socket
 * is free again.)
 */
export function releaseOwner(o: SockOwner, run: (seg: TcpSegment, ecn: number, unit: number, sender: SkbSender | undefined) => void, conn?: TcpConn): void {
  if (!o.owned) return;
  o.owned = false;
  o.timed = false;
  while (o.rxBacklog.length > 0) {
    const b = o.rxBacklog.shift()!;
    run(b.seg, b.ecn, b.pieces > 1 ? b.unit : 0, b.sender);
  }
  if (conn) conn.backlog.len = 0; // __release_sock(): sk_backlog.len zeroed once the run is over, not as it goes
}

/** lock_sock() by a call the CPU model times: segments wait in the backlog until releaseOwner */
export function holdOwner(o: SockOwner): void {
  o.owned = true;
  o.timed = true;
}

