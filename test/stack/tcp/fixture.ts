/**
 * smoltcp-style fixtures for tcpStep: a connection put into any state through the real
 * transitions (connIn), segment templates with overrides (seg), feed/expectSent helpers.
 * Local end 172.16.16.102:41932 (ISS 1000), remote 172.16.16.101:10000 (ISS 5000).
 */
import { expect } from 'vitest';
import { newConn, tcpStep } from '../../../src/stack/tcp/step.ts';
import type { TcpCall, TcpConfig, TcpConn, TcpEffect, TcpTimer } from '../../../src/stack/tcp/conn.ts';
import type { TcpState } from '../../../src/stack/tcp/tcb.ts';
import { WSL2_PROFILE, type KernelProfile } from '../../../src/stack/kernel/profile.ts';
import { tcpConfigOf } from '../../../src/stack/tcp/config.ts';
import { TCP_ACK, TCP_FIN, TCP_SYN, type TcpSegment, type TcpSegmentInit } from '../../../src/stack/wire/tcp.ts';
import type { TcpOption } from '../../../src/stack/wire/tcp-options.ts';
import { asReceived } from '../../helpers/pair.ts';
import type { SendPool } from '../../../src/stack/tcp/send-pool.ts';

export const LOCAL_PORT = 41932;
export const REMOTE_PORT = 10000;
export const LOCAL_ISS = 1000;
export const REMOTE_ISS = 5000;
export const MS = 1_000_000;
export const T0 = 1000 * MS;

export function configOf(p: KernelProfile = WSL2_PROFILE, gsoMaxSize = 0): TcpConfig {
  return tcpConfigOf(p, gsoMaxSize);
}

/** The peer's SYN options as Linux sends them (shift 7: the lab's WSL2 kernel). */
export function linuxSynOptions(tsval: number, tsecr: number, shift = 7, mss = 1460): TcpOption[] {
  return [
    { kind: 'mss', mss }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval, tsecr },
    { kind: 'nop' }, { kind: 'wscale', shift },
  ];
}

export class Harness {
  conn: TcpConn;
  now = T0;
  sent: TcpSegmentInit[] = [];
  effects: TcpEffect[] = [];
  /** the peer's clock for its TSval */
  peerTs = 777;
  /** segments built in reused slots, as the layer has them (send-pool.ts) */
  sends: SendPool | null = null;
  /** the device drops every packet (a qdisc with limit 0): each step's transmits fail (Ctx.xmitDrops) */
  xmitDrops = false;

  constructor(cfg: TcpConfig = configOf()) {
    this.conn = newConn(cfg, LOCAL_PORT, REMOTE_PORT);
  }

  get tcb() {
    return this.conn.tcb;
  }

  get state(): TcpState {
    return this.conn.tcb.state;
  }

  private run(ev: Parameters<typeof tcpStep>[1]): number | Uint8Array {
    const effects: TcpEffect[] = [];
    const result = tcpStep(this.conn, ev, this.now, effects, this.sends, this.xmitDrops);
    for (const e of effects) {
      // a pool's segments are reused by the next step: what is kept is copied
      const kept = e.kind === 'send' && this.sends ? { kind: e.kind, seg: { ...e.seg, options: e.seg.options.map((o) => ({ ...o })) }, ecn: e.ecn } : e;
      this.effects.push(kept);
      if (kept.kind === 'send') this.sent.push(kept.seg);
    }
    this.sends?.reset();
    return result;
  }

  call(call: TcpCall): number | Uint8Array {
    return this.run({ kind: 'call', call });
  }

  /** `ecn`: the IP header's ECN bits the segment arrives with (0: not-ECT) */
  feed(seg: TcpSegment | Partial<TcpSegmentInit>, ecn = 0): void {
    const full = 'dataOffset' in seg ? (seg as TcpSegment) : this.seg(seg);
    this.run({ kind: 'segment', seg: full, ecn });
  }

  timer(timer: TcpTimer): void {
    this.run({ kind: 'timer', timer });
  }

  /** Advances the clock to `at` and fires every timer due then, in TIMER_ORDER. */
  fireDue(): void {
    for (const t of ['timewait', 'rto', 'persist', 'delack', 'keepalive'] as const) this.timer(t);
  }

  advance(ns: number): void {
    this.now += ns;
  }

  /** A segment from the peer, defaults: in sequence, acking everything we sent, window 502 (×128). */
  seg(o: Partial<TcpSegmentInit> = {}): TcpSegment {
    const t = this.conn.tcb;
    return asReceived({
      srcPort: REMOTE_PORT, dstPort: LOCAL_PORT, seq: t.rcvNxt, ack: t.sndNxt, flags: TCP_ACK, window: 502,
      options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: this.peerTs, tsecr: t.tsRecent }],
      payload: new Uint8Array(0), urgent: 0, ...o,
    });
  }

  take(): TcpSegmentInit[] {
    const s = this.sent;
    this.sent = [];
    return s;
  }

  expectSent(expected: Partial<TcpSegmentInit & { len: number }>[]): TcpSegmentInit[] {
    const got = this.take();
    expect(got.map((s) => pick(s, expected[0] ?? {}))).toEqual(expected.map((e) => e));
    return got;
  }

  expectNothing(): void {
    expect(this.take()).toEqual([]);
  }
}

function pick(s: TcpSegmentInit, like: Partial<TcpSegmentInit & { len: number }>): Partial<TcpSegmentInit & { len: number }> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(like)) out[k] = k === 'len' ? s.payload.length : (s as unknown as Record<string, unknown>)[k];
  return out;
}

export function bytes(n: number, fill = 0x41): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

/** A connection in `state`, reached through the real transitions. */
export function connIn(state: TcpState, cfg: TcpConfig = configOf()): Harness {
  const h = new Harness(cfg);
  if (state === 'CLOSED') return h;
  if (state === 'SYN-RECEIVED') {
    h.call({
      kind: 'accept-syn', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500,
      seg: asReceived({
        srcPort: REMOTE_PORT, dstPort: LOCAL_PORT, seq: REMOTE_ISS, ack: 0, flags: TCP_SYN, window: 64240,
        options: linuxSynOptions(h.peerTs, 0), payload: new Uint8Array(0),
      }),
    });
    h.take();
    return h;
  }
  h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500 });
  if (state === 'SYN-SENT') {
    h.take();
    return h;
  }
  h.advance(MS);
  h.feed({
    seq: REMOTE_ISS, ack: LOCAL_ISS + 1, flags: TCP_SYN | TCP_ACK, window: 65160,
    options: linuxSynOptions(h.peerTs, h.tcb.iss === LOCAL_ISS ? Math.floor(T0 / MS) : 0),
  });
  h.take();
  if (state === 'ESTABLISHED') return h;
  if (state === 'CLOSE-WAIT' || state === 'LAST-ACK') {
    h.feed({ flags: TCP_FIN | TCP_ACK });
    h.advance(200 * MS);
    h.fireDue();
    h.take();
    if (state === 'LAST-ACK') {
      h.call({ kind: 'close' });
      h.take();
    }
    return h;
  }
  h.call({ kind: 'close' });
  h.take();
  if (state === 'FIN-WAIT-1') return h;
  if (state === 'CLOSING') {
    h.feed({ flags: TCP_FIN | TCP_ACK, ack: h.tcb.sndUna });
    h.take();
    return h;
  }
  h.feed({ flags: TCP_ACK });
  if (state === 'FIN-WAIT-2') return h;
  h.feed({ flags: TCP_FIN | TCP_ACK });
  h.take();
  if (state === 'TIME-WAIT') return h;
  throw new Error(`connIn: ${state} not supported`);
}
