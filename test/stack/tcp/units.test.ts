import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SendStream, RecvStream } from '../../../src/stack/tcp/stream.ts';
import { Reassembly } from '../../../src/stack/tcp/reassembly.ts';
import { SackBoard } from '../../../src/stack/tcp/sack.ts';
import { rtoSample, rtoBackoff, INITIAL_RTO } from '../../../src/stack/tcp/rto.ts';
import { selectInitialWindow } from '../../../src/stack/tcp/window.ts';
import { synOptions, readOptions } from '../../../src/stack/tcp/options.ts';
import { pickPort } from '../../../src/stack/tcp/ports.ts';
import { TRANSITIONS, nextState } from '../../../src/stack/tcp/transitions.ts';
import { TCP_STATES } from '../../../src/stack/tcp/tcb.ts';
import { seqAdd } from '../../../src/stack/tcp/seq.ts';
import { configOf } from './fixture.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { optionBytes } from '../../helpers/pair.ts';

const MS = 1_000_000;

describe('SendStream', () => {
  it('lets go of a large buffer once everything is acknowledged, keeps a small one, and takes new bytes after either', () => {
    const s = new SendStream(0);
    s.append(new Uint8Array(30), true);
    const small = s.allocated;
    s.release(30);
    expect(s.allocated).toBe(small); // a ping-pong's next message reuses it
    s.append(new Uint8Array(200_000).fill(7), true);
    expect(s.allocated).toBeGreaterThanOrEqual(200_000);
    s.release(30 + 199_999);
    expect(s.allocated).toBeGreaterThanOrEqual(200_000); // one byte still unacknowledged
    s.release(30 + 200_000);
    expect(s.allocated).toBe(0);
    s.append(new Uint8Array([1, 2, 3]), true);
    expect([...s.view(200_030, 3)]).toEqual([1, 2, 3]);
  });

  it('hands out views addressed by sequence number and releases acknowledged bytes, across the 2^32 wrap', () => {
    const s = new SendStream(0xfffffffe);
    s.append(new Uint8Array([1, 2, 3, 4, 5]), true);
    expect([...s.view(0xffffffff, 3)]).toEqual([2, 3, 4]);
    s.release(1);
    expect(s.length).toBe(2);
    expect([...s.view(1, 2)]).toEqual([4, 5]);
  });

  it('keeps every byte in order through growth and compaction, for any appends and releases', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.nat({ max: 6000 })), { maxLength: 40 }), (ops) => {
      const s = new SendStream(7);
      const model: number[] = [];
      let counter = 0;
      for (const [n, rel] of ops) {
        const chunk = new Uint8Array(n).map(() => counter++ & 255);
        s.append(chunk, true);
        model.push(...chunk);
        const k = Math.min(rel, model.length);
        s.release(seqAdd(s.baseSeq, k));
        model.splice(0, k);
        expect(s.length).toBe(model.length);
        expect([...s.view(s.baseSeq, model.length)]).toEqual(model);
      }
    }), { numRuns: 50 });
  });

  it('marks the end of each write for PSH: a segment gets PSH when a write ends inside it', () => {
    const s = new SendStream(100);
    s.append(new Uint8Array(10), true); // ends at 110
    s.append(new Uint8Array(10), true); // ends at 120
    expect(s.hasPushMark(100, 105)).toBe(false);
    expect(s.hasPushMark(100, 110)).toBe(true);
    expect(s.hasPushMark(110, 115)).toBe(false);
    expect(s.hasPushMark(105, 120)).toBe(true);
  });
});

describe('RecvStream', () => {
  it('reads up to n bytes across chunks and reports an empty read when nothing is queued', () => {
    const r = new RecvStream();
    r.push(new Uint8Array([1, 2, 3]), 40);
    r.push(new Uint8Array([4, 5]), 40);
    expect([...r.read(4)]).toEqual([1, 2, 3, 4]);
    expect([...r.read(4)]).toEqual([5]);
    expect(r.read(4).length).toBe(0);
  });
});

describe('Reassembly', () => {
  it('returns out-of-order pieces once the hole before them is filled, without duplicates', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.nat({ max: 19 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 0xffffffff }), (order, base) => {
      const q = new Reassembly();
      let next = base;
      const out: number[] = [];
      const all = [...order, ...Array.from({ length: 20 }, (_, i) => i)];
      for (const i of all) {
        const seq = seqAdd(base, i * 10);
        const data = new Uint8Array(10).fill(i);
        if (seq === next) {
          out.push(...data);
          next = seqAdd(next, 10);
        } else q.insert(seq, data, next, (len) => len + 832);
        for (const { data: d } of q.take(next)) {
          out.push(...d);
          next = seqAdd(next, d.length);
        }
      }
      expect(out).toEqual(Array.from({ length: 200 }, (_, k) => Math.floor(k / 10)));
      expect(q.isEmpty).toBe(true);
      expect(q.bytes).toBe(0);
      expect(q.truesize).toBe(0);
    }), { numRuns: 100 });
  });

  it('reports SACK blocks with the most recently received block first (RFC 2018 §4)', () => {
    const q = new Reassembly();
    q.insert(200, new Uint8Array(100), 100);
    q.insert(500, new Uint8Array(100), 100);
    q.insert(300, new Uint8Array(50), 100);
    expect(q.sackBlocks(3)).toEqual([[200, 350], [500, 600]]);
    q.insert(700, new Uint8Array(10), 100);
    expect(q.sackBlocks(3)).toEqual([[700, 710], [200, 350], [500, 600]]);
  });
});

describe('SackBoard', () => {
  it('merges blocks, ignores blocks outside (SND.UNA, SND.NXT], and forgets what SND.UNA passed', () => {
    const b = new SackBoard();
    b.update([[200, 300], [400, 500], [50, 90], [900, 2000]], 100, 1000);
    b.update([[300, 400]], 100, 1000);
    expect(b.sackedEnd(250)).toBe(500);
    expect(b.sackedEnd(150)).toBe(-1);
    expect(b.nextSackedStart(150)).toBe(200);
    expect(b.highest()).toBe(500);
    b.prune(350);
    expect(b.packets(1)).toBe(150); // [350, 500): 150 one-byte packets
  });
});

describe('rtoSample (RFC 6298 with Linux’s 200 ms floor on the variance term)', () => {
  it('starts at 1 s (§2.1) and takes SRTT = R, RTTVAR = R/2 on the first sample (§2.2)', () => {
    expect(INITIAL_RTO.rto).toBe(1000 * MS);
    const e = rtoSample(INITIAL_RTO, 100 * MS);
    expect(e.srtt).toBe(100 * MS);
    expect(e.rttvar).toBe(50 * MS);
    expect(e.rto).toBe(300 * MS);
  });

  it('never goes below SRTT + 200 ms (TCP_RTO_MIN) and doubles on backoff up to 120 s', () => {
    const e = rtoSample(INITIAL_RTO, 1 * MS);
    expect(e.rto).toBe(201 * MS);
    expect(rtoBackoff(100_000 * MS)).toBe(120_000 * MS);
  });

  it('§2.3: RTTVAR ← ¾ RTTVAR + ¼ |SRTT − R|, SRTT ← ⅞ SRTT + ⅛ R', () => {
    const e = rtoSample({ srtt: 80 * MS, rttvar: 40 * MS, rto: 0 }, 160 * MS);
    expect(e.rttvar).toBe(50 * MS);
    expect(e.srtt).toBe(90 * MS);
  });
});

describe('selectInitialWindow (tcp_select_initial_window)', () => {
  it('gives 64240 for a SYN and 65160 for a SYN/ACK from a 131072-byte rcvbuf, shift 7 on WSL2 and 10 on 6.18', () => {
    expect(selectInitialWindow(65536, 1460, 0, configOf(WSL2_PROFILE), true)).toEqual({ rcvWnd: 64240, windowClamp: 65535 * 128, wscale: 7 });
    expect(selectInitialWindow(65536, 1448, 0, configOf(CALIBRATION_PROFILE), true).rcvWnd).toBe(65160);
    expect(selectInitialWindow(65536, 1448, 0, configOf(CALIBRATION_PROFILE), true).wscale).toBe(10);
  });

  it('uses no scale without window scaling: the clamp stays at 65535, rcv_wnd keeps the whole space (6.10+)', () => {
    expect(selectInitialWindow(300_000, 1460, 0, configOf(), false)).toEqual({ rcvWnd: 205 * 1460, windowClamp: 65535, wscale: 0 });
  });
});

describe('synOptions', () => {
  it('writes MSS, SACK_PERM, TS, NOP, WS in 20 bytes, as Linux does', () => {
    const o = synOptions({ mss: 1460, sack: true, ts: { tsval: 1, tsecr: 0 }, wscale: 7 });
    expect(o.map((x) => x.kind)).toEqual(['mss', 'sackPermitted', 'timestamps', 'nop', 'wscale']);
    expect(optionBytes(o)).toBe(20);
  });

  it('pads with NOPs when a piece is off: TS without SACK, SACK without TS', () => {
    expect(synOptions({ mss: 1460, sack: false, ts: { tsval: 1, tsecr: 0 }, wscale: -1 }).map((x) => x.kind)).toEqual(['mss', 'nop', 'nop', 'timestamps']);
    expect(synOptions({ mss: 1460, sack: true, ts: undefined, wscale: 2 }).map((x) => x.kind)).toEqual(['mss', 'nop', 'nop', 'sackPermitted', 'nop', 'wscale']);
  });

  it('reads back what it writes, and clamps a shift above 14 (RFC 7323 §2.3)', () => {
    const po = readOptions(synOptions({ mss: 1400, sack: true, ts: { tsval: 9, tsecr: 3 }, wscale: 15 }), true);
    expect(po).toMatchObject({ mss: 1400, sackPermitted: true, hasTs: true, tsval: 9, tsecr: 3, wscale: 14 });
  });
});

describe('pickPort', () => {
  it('probes from a random start in steps of two, even ports first for connect(), odd for bind(0)', () => {
    const range = [32768, 60999] as const;
    expect(pickPort(range, 5, true, () => true)).toBe(32772);
    expect(pickPort(range, 5, false, () => true)).toBe(32773);
    expect(pickPort(range, 4, true, (p) => p !== 32772)).toBe(32774);
    expect(pickPort([10, 13], 0, true, (p) => p % 2 === 1)).toBe(11);
    expect(pickPort([10, 13], 0, true, () => false)).toBeUndefined();
  });
});

describe('TRANSITIONS (RFC 9293 Figure 5)', () => {
  it('has a row for every state', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...TCP_STATES].sort());
  });

  it('contains the figure’s edges', () => {
    expect(nextState('CLOSED', 'connect')).toBe('SYN-SENT');
    expect(nextState('SYN-SENT', 'rcv-syn-ack')).toBe('ESTABLISHED');
    expect(nextState('SYN-RECEIVED', 'rcv-ack-of-syn')).toBe('ESTABLISHED');
    expect(nextState('ESTABLISHED', 'close')).toBe('FIN-WAIT-1');
    expect(nextState('ESTABLISHED', 'rcv-fin')).toBe('CLOSE-WAIT');
    expect(nextState('FIN-WAIT-1', 'rcv-ack-of-fin')).toBe('FIN-WAIT-2');
    expect(nextState('FIN-WAIT-1', 'rcv-fin')).toBe('CLOSING');
    expect(nextState('FIN-WAIT-2', 'rcv-fin')).toBe('TIME-WAIT');
    expect(nextState('CLOSING', 'rcv-ack-of-fin')).toBe('TIME-WAIT');
    expect(nextState('CLOSE-WAIT', 'close')).toBe('LAST-ACK');
    expect(nextState('LAST-ACK', 'rcv-ack-of-fin')).toBe('CLOSED');
    expect(nextState('TIME-WAIT', 'timeout')).toBe('CLOSED');
  });

  it('throws on a pair the figure does not have (a bug, not a protocol error)', () => {
    expect(() => nextState('TIME-WAIT', 'connect')).toThrow(/no transition/);
  });
});
