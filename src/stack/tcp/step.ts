/**
 * tcpStep(conn, event, now, effects) → result: the only entry most callers need.
 * The step owns the connection while it runs and changes it in place, as smoltcp's
 * `&mut self` socket does: the Tcb is updated field by field (no copy per event) and the
 * effects are appended to the caller's list, which it can clear and reuse; a caller that
 * carries the effects out at once may lend a SendPool for the segments (send-pool.ts). Nothing
 * else is allocated for the step itself. A caller that needs a before/after takes a copy first
 * (cloneTcb). Still sans-IO: no clock (`now` comes in), no randomness, no transmission.
 */
import { countIn, receivedSegs } from './seg-counts.ts';
import { becomeTimewaitSock } from './window.ts';
import type { Nanos } from '../nanos.ts';
import type { Ctx, TcpCallResult, TcpConfig, TcpConn, TcpEffect, TcpEvent } from './conn.ts';
import { assertNever } from './never.ts';
import { newTcb, type MutableTcb, type Tcb } from './tcb.ts';
import { onSegment } from './input.ts';
import { onTimer } from './timers.ts';
import { onCall } from './user.ts';
import { SendStream, RecvStream } from './stream.ts';
import { Reassembly } from './reassembly.ts';
import { SentQueue } from './sent.ts';
import { SackBoard } from './sack.ts';
import type { SendPool } from './send-pool.ts';

/** A connection in CLOSED with empty streams. */
export function newConn(cfg: TcpConfig, localPort: number, remotePort: number): TcpConn {
  const tcb = newTcb(localPort, remotePort) as MutableTcb;
  tcb.ca = cfg.congestionControl; // tcp_assign_congestion_control(): the sysctl's, until TCP_CONGESTION
  return {
    tcb,
    snd: new SendStream(0),
    rcv: new RecvStream(cfg.rcvSkb),
    ofo: new Reassembly(),
    sent: new SentQueue(),
    sacked: new SackBoard(),
    cfg,
    backlog: { len: 0 },
  };
}

type ScratchCtx = { -readonly [K in keyof Ctx]: Ctx[K] };

/**
 * One context per nesting depth, reused: a step never outlives its call, and a caller may
 * step another connection while it carries out this one's effects (hence depth, not one).
 */
const contexts: ScratchCtx[] = [];
let depth = 0;

/**
 * Runs one event on `conn`, changing it in place; appends the effects (segments to send,
 * state changes, errors) to `effects` in order. Returns a call's result (conn.ts
 * TcpCallResult), 0 for segments and timers. With `sends`, the send effects are the pool's,
 * valid until its reset. `xmitDrops`: the device drops every packet now (a qdisc with limit 0),
 * so each segment the step sends fails (NET_XMIT_DROP) and the step reacts as Linux does.
 */
export function tcpStep(conn: TcpConn, event: TcpEvent, now: Nanos, effects: TcpEffect[] = [], sends: SendPool | null = null, xmitDrops = false): TcpCallResult {
  const c = contexts[depth] ?? (contexts[depth] = { t: conn.tcb as MutableTcb, conn, eff: effects, now, sends, xmitDrops, rxPiece: 0 });
  c.t = conn.tcb as MutableTcb;
  c.conn = conn;
  c.eff = effects;
  c.now = now;
  c.sends = sends;
  c.xmitDrops = xmitDrops;
  c.rxPiece = event.kind === 'segment' ? event.piece ?? 0 : 0;
  c.rxSender = event.kind === 'segment' ? event.sender : undefined;
  c.rxOwned = event.kind === 'segment' && event.owned === true;
  depth++;
  try {
    switch (event.kind) {
      case 'segment':
        onSegment(c, event.seg, event.ecn ?? 0);
        timewaitHandover(c.t);
        return 0;
      case 'timer':
        onTimer(c, event.timer);
        return 0;
      case 'call':
        return onCall(c, event.call);
      default:
        return assertNever(event);
    }
  } finally {
    c.rxSender = undefined; // the reused context keeps no sender alive
    depth--;
  }
}

/**
 * tcp_time_wait(), as Linux calls it at the end of a segment's processing: a connection that
 * reached TIME-WAIT, or an orphan whose FIN was acknowledged (FIN-WAIT-2 after close(), unless
 * the peer's FIN came with that ACK), now answers as a timewait mini-socket (window.ts).
 */
function timewaitHandover(t: MutableTcb): void {
  if (t.state === 'TIME-WAIT' || (t.state === 'FIN-WAIT-2' && t.orphan)) becomeTimewaitSock(t);
}

/**
 * Outside a step, the fields the socket layer owns: the ports once bind/connect chose them,
 * options a child inherits from its listener (inet_csk_clone_lock), SO_ERROR read and cleared.
 */
export function setTcbFields(conn: TcpConn, fields: Partial<Tcb>): void {
  Object.assign(conn.tcb, fields);
}

/**
 * tcp_v4_rcv's tcp_segs_in() as it hands a segment of `len` payload bytes to the connection
 * (before the backlog or the step: seg-counts.ts), in GSO segments by the layer's receive GSO size.
 */
export function countSegmentIn(conn: TcpConn, len: number): void {
  const t = conn.tcb as MutableTcb;
  countIn(t, len, receivedSegs(len, conn.cfg.rxGsoSize, t.mss));
}

/** The layer's configuration changed (a device feature: TcpLayer.setSoftwareGso) */
export function setConnConfig(conn: TcpConn, cfg: TcpConfig): void {
  (conn as { cfg: TcpConfig }).cfg = cfg;
}
