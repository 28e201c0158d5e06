/**
 * The state table (RFC 9293 §3.3.2, Figure 5), read by the code (every state change goes
 * through `transition`), by the tests and by the diagram script. An event missing from a
 * state's row is a bug, not a protocol error: the input code filters segments first.
 */
import type { TcpState } from './tcb.ts';
import type { Ctx } from './conn.ts';
import { TCP_TIMEWAIT_LEN_NS } from './linux.ts';

export type TransitionEvent =
  | 'connect'
  | 'listen'
  | 'rcv-syn'
  | 'rcv-syn-ack'
  | 'rcv-ack-of-syn'
  | 'close'
  | 'rcv-fin'
  | 'rcv-ack-of-fin'
  | 'timeout'
  | 'rcv-rst'
  | 'abort';

type Row = Readonly<Partial<Record<TransitionEvent, TcpState>>>;

export const TRANSITIONS: Readonly<Record<TcpState, Row>> = {
  CLOSED: { connect: 'SYN-SENT', listen: 'LISTEN', 'rcv-syn': 'SYN-RECEIVED' },
  LISTEN: { 'rcv-syn': 'SYN-RECEIVED', close: 'CLOSED', abort: 'CLOSED' },
  'SYN-SENT': {
    'rcv-syn-ack': 'ESTABLISHED', 'rcv-syn': 'SYN-RECEIVED', close: 'CLOSED',
    'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED',
  },
  'SYN-RECEIVED': {
    'rcv-ack-of-syn': 'ESTABLISHED', close: 'FIN-WAIT-1', 'rcv-fin': 'CLOSE-WAIT',
    'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED',
  },
  ESTABLISHED: { close: 'FIN-WAIT-1', 'rcv-fin': 'CLOSE-WAIT', 'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED' },
  'FIN-WAIT-1': {
    'rcv-ack-of-fin': 'FIN-WAIT-2', 'rcv-fin': 'CLOSING', 'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED',
  },
  'FIN-WAIT-2': { 'rcv-fin': 'TIME-WAIT', 'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED' },
  'CLOSE-WAIT': { close: 'LAST-ACK', 'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED' },
  CLOSING: { 'rcv-ack-of-fin': 'TIME-WAIT', 'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED' },
  'LAST-ACK': { 'rcv-ack-of-fin': 'CLOSED', 'rcv-rst': 'CLOSED', timeout: 'CLOSED', abort: 'CLOSED' },
  'TIME-WAIT': { timeout: 'CLOSED', 'rcv-rst': 'CLOSED', abort: 'CLOSED' },
};

/** The next state for `event` in `from`; throws on a pair the table does not allow (a bug). */
export function nextState(from: TcpState, event: TransitionEvent): TcpState {
  const to = TRANSITIONS[from][event];
  if (to === undefined) throw new Error(`TCP bug: no transition from ${from} on ${event}`);
  return to;
}

/** Moves the connection along the table and records why (the 'state' effect feeds the timeline). */
export function transition(c: Ctx, event: TransitionEvent, why: string): void {
  const from = c.t.state;
  const to = nextState(from, event);
  if (to === from) return;
  c.t.state = to;
  c.eff.push({ kind: 'state', from, to, why });
  if (to === 'TIME-WAIT') {
    // Linux tcp_time_wait(): only the 2MSL timer stays
    c.t.timewaitAt = c.now + TCP_TIMEWAIT_LEN_NS;
    c.t.rtoAt = c.t.persistAt = c.t.delackAt = c.t.keepaliveAt = 0;
    c.t.ackPending = false;
  } else if (to === 'CLOSED') {
    c.t.rtoAt = c.t.persistAt = c.t.delackAt = c.t.keepaliveAt = c.t.timewaitAt = 0;
    c.t.ackPending = false;
  }
}

/** Records a connection error for SO_ERROR and the next call. */
export function fail(c: Ctx, errno: number): void {
  c.t.err = errno;
  c.eff.push({ kind: 'error', errno });
}
