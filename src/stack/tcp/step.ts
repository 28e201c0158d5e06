/**
 * tcpStep(conn, event, now) → {conn, effects, result}: the only entry most callers need.
 * One shallow copy of the Tcb per event (cloneTcb; STYLE §2.5: no immer); the
 * old Tcb stays a valid snapshot. Streams are shared and hold the bytes.
 */
import type { Nanos } from '../nanos.ts';
import type { Ctx, TcpConfig, TcpConn, TcpEvent, TcpStepResult } from './conn.ts';
import { assertNever } from './never.ts';
import { cloneTcb, newTcb, type MutableTcb } from './tcb.ts';
import { onSegment } from './input.ts';
import { onTimer } from './timers.ts';
import { onCall } from './user.ts';
import { SendStream, RecvStream } from './stream.ts';
import { Reassembly } from './reassembly.ts';
import { SentQueue } from './sent.ts';
import { SackBoard } from './sack.ts';

/** A connection in CLOSED with empty streams. */
export function newConn(cfg: TcpConfig, localPort: number, remotePort: number): TcpConn {
  return {
    tcb: newTcb(localPort, remotePort),
    snd: new SendStream(0),
    rcv: new RecvStream(),
    ofo: new Reassembly(),
    sent: new SentQueue(),
    sacked: new SackBoard(),
    cfg,
  };
}

export function tcpStep(conn: TcpConn, event: TcpEvent, now: Nanos): TcpStepResult {
  const t: MutableTcb = cloneTcb(conn.tcb);
  const c: Ctx = { t, conn, eff: [], now };
  let result: number | Uint8Array = 0;
  switch (event.kind) {
    case 'segment':
      onSegment(c, event.seg);
      break;
    case 'timer':
      onTimer(c, event.timer);
      break;
    case 'call':
      result = onCall(c, event.call);
      break;
    default:
      assertNever(event);
  }
  return {
    conn: { tcb: t, snd: conn.snd, rcv: conn.rcv, ofo: conn.ofo, sent: conn.sent, sacked: conn.sacked, cfg: conn.cfg },
    effects: c.eff,
    result,
  };
}
