/**
 * When an ACK goes (the delayed-ACK engine of tcp_input.c and tcp_output.c): __tcp_ack_snd_check
 * sends it at once (more than a full frame unacknowledged with the window not shrinking,
 * quick-ACK mode, an ACK asked for now, out-of-order data) or leaves it to the waiting reader or
 * to the delayed-ACK timer, which tcp_send_delayed_ack arms within the ATO. A segment that runs
 * from the socket's backlog defers an ACK it would send at once to tcp_release_cb() where the
 * profile has tcp_backlog_ack_defer (6.7+), so one backlog run ends in one ACK. Sending is
 * output.ts's.
 */
import type { Ctx } from './conn.ts';
import { sendAck } from './output.ts';
import { seqDiff } from './seq.ts';
import { computeWindow } from './window.ts';
import { MS, TCP_DELACK_MAX_NS, TCP_DELACK_MIN_NS, TCP_PINGPONG_THRESH } from './linux.ts';

function inQuickAckMode(c: Ctx): boolean {
  return c.t.quick > 0 && c.t.pingpong < TCP_PINGPONG_THRESH;
}

/** tcp_input.c __tcp_ack_snd_check(): ACK now, or arm the delayed-ACK timer. */
export function ackSndCheck(c: Ctx): void {
  const t = c.t;
  if (!t.ackPending) return;
  const moreThanOneFrame = seqDiff(t.rcvNxt, t.rcvWup) > t.rcvMss;
  if (moreThanOneFrame && t.ackToReader && !t.ackNow && c.conn.ofo.isEmpty && !inQuickAckMode(c)) {
    // answered from the waiting reader's context (owner.ts): tcp_cleanup_rbuf() sends it once
    // the reader has copied the data; the delayed-ACK timer stays as Linux's would. Quick-ACK
    // mode answers at once from softirq, whoever waits.
    sendDelayedAck(c);
    return;
  }
  if (
    (moreThanOneFrame && (t.rcvNxt === t.copiedSeq || windowWouldNotShrink(c))) ||
    inQuickAckMode(c) || t.ackNow || !c.conn.ofo.isEmpty
  ) {
    // "If we are running from __release_sock() in user context, Defer the ack until
    // tcp_release_cb()" (tcp_backlog_ack_defer): one ACK for the whole run
    if (c.rxOwned && c.conn.cfg.backlogAckDefer) {
      t.ackDeferred = true;
      return;
    }
    sendAck(c);
    return;
  }
  sendDelayedAck(c);
}

/** tcp_release_cb(): "if ((flags & TCPF_ACK_DEFERRED) && inet_csk_ack_scheduled(sk)) tcp_send_ack(sk)" */
export function releaseDeferredAck(c: Ctx): void {
  const t = c.t;
  if (!t.ackDeferred) return;
  t.ackDeferred = false;
  if (t.ackPending) sendAck(c);
}

function windowWouldNotShrink(c: Ctx): boolean {
  // __tcp_select_window(sk) >= tp->rcv_wnd (its side effect on the quick-ACK count kept, as in Linux)
  return computeWindow(c) >= c.t.rcvWnd;
}

/** tcp_output.c tcp_send_delayed_ack() */
export function sendDelayedAck(c: Ctx): void {
  const t = c.t;
  let ato = t.ato;
  if (ato > TCP_DELACK_MIN_NS) {
    let maxAto = 500_000_000;
    if (t.pingpong >= TCP_PINGPONG_THRESH || t.ackPushed) maxAto = TCP_DELACK_MAX_NS;
    if (t.srtt > 0) {
      const rtt = Math.max(t.srtt, TCP_DELACK_MIN_NS);
      if (rtt < maxAto) maxAto = rtt;
    }
    ato = Math.min(ato, maxAto);
  }
  ato = Math.min(ato, TCP_DELACK_MAX_NS);
  // ATO is 0 before the first data segment (a FIN-only receipt): Linux arms "jiffies + 0",
  // which fires on the next tick — the kernel's timer wheel's (TcpConfig.timerWheel), else one 1 ms tick
  let at = c.now + (ato > 0 || c.conn.cfg.timerWheel ? ato : MS);
  if (t.delackAt > 0) {
    // "If delack timer is about to expire, send ACK now."
    if (t.delackAt <= c.now + (ato >> 2)) {
      sendAck(c);
      return;
    }
    if (at > t.delackAt) at = t.delackAt;
  }
  t.delackAt = at;
}
