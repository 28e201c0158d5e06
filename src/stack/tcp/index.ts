/**
 * labwire's TCP: a sans-IO state machine with Linux's wire behaviour, split by RFC 9293
 * section, and the layer that runs one host's sockets on it.
 *
 * Contract
 * - `tcpStep(conn, event, now) → {conn, effects, result}` (step.ts) is the only way a
 *   connection changes. Events are segments, timer expiries and user calls; effects are
 *   segments to send, state changes (with the reason) and errors. It never reads a clock
 *   (`now` comes in), never draws randomness (ISS and the timestamp offset come in the
 *   'connect' / 'accept-syn' calls) and never transmits.
 * - Timers are absolute deadlines in the Tcb (rtoAt, persistAt, delackAt, keepaliveAt,
 *   timewaitAt; 0 = off). The caller asks `nextDeadline(tcb)` and fires 'timer' events in
 *   TIMER_ORDER; a timer whose deadline has not come does nothing, so early wakes are safe.
 * - `TcpLayer` (layer.ts) implements the kernel's TcpLayerApi (kernel/tcp-services.ts).
 *
 * Rules
 * 1. The Tcb holds numbers only and is copied once per step (cloneTcb); an old Tcb is a valid
 *    snapshot. Payload bytes live in SendStream/RecvStream (stream.ts), which are shared and
 *    mutable: one copy in on send(), one copy out on recv(), segments are views.
 * 2. A segment's payload view is valid only until the connection next takes user data:
 *    whoever receives a 'send' effect must copy the bytes out (emit the frame) at once.
 *    Received payloads are kept as views until read: the caller must not reuse frame buffers.
 * 3. Every Linux constant is in linux.ts with its source; every state change goes through
 *    the TRANSITIONS table (transitions.ts).
 *
 * Files: seq (mod-2^32 arithmetic) · tcb (control block, states) · transitions (state table)
 * · handshake (OPEN, initial windows) · input (SEGMENT ARRIVES) · ack (fifth step: ACK, RTT,
 * congestion) · data (seventh/eighth steps: text, FIN, delayed-ACK engine) · output (what to
 * send: MSS, Nagle, windows, PSH, FIN; ACK scheduling) · user (SEND/RECEIVE/CLOSE/…) · timers
 * (RTO, persist, delayed ACK, keepalive, TIME-WAIT) · rto (RFC 6298) · window (Linux receive
 * window and buffer autotuning) · reassembly (out-of-order queue, SACK blocks) · sack (the
 * sender's SACK scoreboard) · stream (bytes) · sent (retransmission-queue bookkeeping) · options
 * (Linux option order) · ports (ephemeral ports) · linux (constants) · step (tcpStep) · layer
 * (socket calls, demux, listen/accept) · sock (socket record, poll, ss row) · table (lookup
 * tables, bind conflicts).
 */
export { tcpStep, newConn } from './step.ts';
export { TcpLayer } from './layer.ts';
export type { TcpConn, TcpConfig, TcpEvent, TcpEffect, TcpCall, TcpTimer, TcpStepResult } from './conn.ts';
export { TIMER_ORDER } from './conn.ts';
export type { Tcb, TcpState } from './tcb.ts';
export { TCP_STATES, nextDeadline } from './tcb.ts';
export { TRANSITIONS } from './transitions.ts';
export { seqAdd, seqDiff, seqLt, seqLe, seqGt, seqGe } from './seq.ts';
