/**
 * Who runs a connection's input: softirq, or the program that holds the socket. Linux's
 * tcp_v4_rcv() processes a segment at once unless the socket is owned by the user
 * (sock_owned_by_user: a system call between lock_sock() and release_sock()); then the
 * segment waits in the socket's backlog (tcp_add_backlog) and release_sock() runs it
 * (__release_sock → tcp_v4_do_rcv) in the caller's context, after what the call did.
 *
 * labwire's system calls take no time, so a socket is owned only while a CPU model charges
 * a call's copy under the lock (syscall/cpu.ts): tcp_sendmsg's copy of the user's bytes,
 * whose tcp_push comes before the backlogged ACKs are seen. Without a CPU model nothing
 * here happens: every segment is processed as it arrives, as before.
 *
 * The reader's side: a segment that comes while a reader waits in recv() may be answered from
 * the reader's context instead of softirq, its ACK sent once the reader has copied the data
 * (tcp_cleanup_rbuf, ~5–28 µs later on the namespace lab's veth) — `reader`, a draw the
 * CPU model supplies; see syscall/cpu.ts for why it is drawn and with what share.
 */
import { copyTcpSegment, type TcpSegment } from '../wire/tcp.ts';
import { none, writable } from './none.ts';

/** what a socket keeps for its owner (fields of Sock) */
export interface SockOwner {
  /** lock_sock() held by a system call (sock_owned_by_user) */
  owned: boolean;
  /** segments that arrived while owned, in order (sk_backlog), with their IP ECN bits; the shared empty list until the first */
  rxBacklog: BackloggedSegment[];
  /** set while a thread waits in recv(): true when the segment in hand is answered from its context */
  reader: ((len: number) => boolean) | null;
}

export interface BackloggedSegment {
  readonly seg: TcpSegment;
  readonly ecn: number;
}

export function newOwner(): SockOwner {
  return { owned: false, rxBacklog: none(), reader: null };
}

/**
 * tcp_add_backlog(): keep the segment for release_sock(). It is copied, payload and options:
 * the frame it views, and the segment object itself (ip-input.ts reuses one), may not outlive
 * this delivery.
 */
export function addBacklog(o: SockOwner, seg: TcpSegment, ecn: number): void {
  (o.rxBacklog = writable(o.rxBacklog)).push({ seg: copyTcpSegment(seg), ecn });
}

/**
 * release_sock(): the owner lets go; the backlog's segments run in arrival order, each through
 * `run`. (A segment arriving while they run is processed at once: the socket is free again.)
 */
export function releaseOwner(o: SockOwner, run: (seg: TcpSegment, ecn: number) => void): void {
  if (!o.owned) return;
  o.owned = false;
  while (o.rxBacklog.length > 0) {
    const b = o.rxBacklog.shift()!;
    run(b.seg, b.ecn);
  }
}
