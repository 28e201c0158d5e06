/**
 * F-RTO (RFC 5682 §3, SACK-enhanced; Linux tcp_enter_loss / tcp_process_loss with
 * net.ipv4.tcp_frto = 2): after a retransmission timeout, the first ACK that advances SND.UNA
 * lets new data out instead of the rest of the window again; if the next ACKs acknowledge data
 * that was never retransmitted, the timeout was spurious and cwnd/ssthresh are restored
 * (tcp_try_undo_loss → tcp_undo_cwnd_reduction); a duplicate ACK or SACK means the loss was
 * real and the retransmission goes on (REXMIT_LOST).
 *
 * The loss state (TCP_CA_Loss) lasts from the RTO until SND.UNA reaches lossHighSeq (the
 * snd_nxt of the timeout, Linux high_seq).
 */
import type { Ctx } from './conn.ts';
import { seqGt, seqLt } from './seq.ts';
import { queueCwr } from './ecn.ts';

/** tcp_enter_loss(): remember what undo restores and whether F-RTO may run ("new recovery or a recurring timeout"); CWR to the peer. */
export function enterLoss(c: Ctx, priorCwnd: number, priorSsthresh: number): void {
  const t = c.t;
  const newRecovery = t.recover < 0 && t.lossHighSeq < 0;
  t.frto = c.conn.cfg.frto > 0 && (newRecovery || t.backoff > 0) ? 1 : 0;
  if (newRecovery) {
    t.priorCwnd = priorCwnd;
    t.priorSsthresh = priorSsthresh;
  }
  t.lossHighSeq = t.sndNxt;
  t.cwrHigh = -1; // TCP_CA_Loss takes CWR's place
  queueCwr(t); // tcp_enter_loss(): tcp_ecn_queue_cwr()
}

/** After the timeout's retransmission went out: where the retransmitted data ends. */
export function lossRetransmitted(c: Ctx): void {
  c.t.frtoRtxEnd = c.t.rtxNxt;
}

/** pushData(): retransmission stops at rtxLimit (−1: at snd_nxt); past it, on to new data. */
export function rtxEnd(c: Ctx): number {
  const t = c.t;
  if (t.rtxLimit >= 0 && seqLt(t.rtxLimit, t.sndNxt)) return t.rtxLimit;
  return t.sndNxt;
}

/**
 * tcp_process_loss(), for an ACK in the loss state: `dup` a duplicate ACK, `sacked` new SACK
 * information. F-RTO may let new data out (rtxNxt jumps to snd_nxt) or undo the timeout.
 */
export function processLoss(c: Ctx, unaAdvanced: boolean, dup: boolean, sacked: boolean): void {
  const t = c.t;
  if (t.lossHighSeq < 0) return;
  const recovered = !seqLt(t.sndUna, t.lossHighSeq);
  if (t.frto) {
    // "Step 3.b. A timeout is spurious if not all data are lost, i.e., never-retransmitted data are (s)acked."
    if (seqGt(t.sndUna, t.frtoRtxEnd)) {
      undoLoss(c);
      return;
    }
    if (t.frto === 2) {
      if (sacked || dup) resumeRetransmission(c); // "Step 3.a. loss was real"
    } else if (unaAdvanced && !recovered) {
      // "Step 2.b. Try send new data"; otherwise fall back to the conventional recovery
      const snd = c.conn.snd;
      const unsent = seqLt(t.sndNxt, (snd.baseSeq + snd.length) >>> 0);
      if (unsent && seqGt((t.sndUna + t.sndWnd) >>> 0, t.sndNxt)) {
        t.rtxLimit = t.lossHighSeq; // what may still have to go again
        t.lossHighSeq = t.sndNxt;
        t.frto = 2;
        t.rtxNxt = t.sndNxt; // REXMIT_NEW: the rest waits
        return;
      }
      t.frto = 0;
    }
  }
  if (recovered) {
    t.lossHighSeq = -1; // tcp_try_undo_recovery(): back to open
    t.frto = 0;
  }
}

/** tcp_try_undo_loss(sk, true): the timeout was spurious — cwnd and ssthresh back, nothing more to resend. */
function undoLoss(c: Ctx): void {
  const t = c.t;
  t.cwnd = Math.max(t.cwnd, t.priorCwnd); // tcp_reno_undo_cwnd()
  if (t.priorSsthresh > t.ssthresh) t.ssthresh = t.priorSsthresh;
  t.frto = 0;
  t.lossHighSeq = -1;
  t.backoff = 0;
  t.rtxLimit = -1;
  if (seqLt(t.rtxNxt, t.sndNxt)) t.rtxNxt = t.sndNxt;
}

/** F-RTO ends: the data sent before the timeout and not yet acknowledged or SACKed goes again. */
function resumeRetransmission(c: Ctx): void {
  const t = c.t;
  t.frto = 0;
  t.rtxNxt = t.sndUna; // up to rtxLimit (the timeout's snd_nxt), not the new data F-RTO sent
}
