/**
 * The retransmission queue's scoreboard (sent.ts): whatever SACKs, losses, resends and ACKs
 * come, Linux's counters (packets_out, sacked_out, lost_out, retrans_out) equal a recount of
 * the entries' flags, no entry is both SACKed and lost, and a SACK block marks exactly the
 * packets inside it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOST, RETRANS, SACKED, SentQueue } from '../../../src/stack/tcp/sent.ts';

const MSS = 100;
const BASE = 1000;

type Op =
  | { kind: 'send'; pcount: number }
  | { kind: 'sack'; from: number; to: number }
  | { kind: 'lose'; k: number }
  | { kind: 'resend'; k: number }
  | { kind: 'ack'; packets: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), pcount: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('sack' as const), from: fc.integer({ min: 0, max: 40 }), to: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('lose' as const), k: fc.nat(30) }),
  fc.record({ kind: fc.constant('resend' as const), k: fc.nat(30) }),
  fc.record({ kind: fc.constant('ack' as const), packets: fc.integer({ min: 1, max: 5 }) }),
);

function recount(q: SentQueue): { packets: number; sacked: number; lost: number; retrans: number } {
  const n = { packets: 0, sacked: 0, lost: 0, retrans: 0 };
  for (let k = 0; k < q.count; k++) {
    const p = q.pcountAt(k);
    const f = q.flagsAt(k);
    expect(f & SACKED && f & LOST, `entry ${k} both SACKed and lost`).toBeFalsy();
    n.packets += p;
    if (f & SACKED) n.sacked += p;
    if (f & LOST) n.lost += p;
    if (f & RETRANS) n.retrans += p;
  }
  return n;
}

describe('SentQueue scoreboard', () => {
  it('keeps packets_out, sacked_out, lost_out and retrans_out equal to a recount of the flags', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const q = new SentQueue();
        let una = BASE;
        let nxt = BASE;
        for (const o of ops) {
          if (o.kind === 'send') {
            nxt += o.pcount * MSS;
            q.push(nxt, 0, false, o.pcount);
          } else if (o.kind === 'sack') {
            const l = una + o.from * MSS;
            const r = Math.min(l + o.to * MSS, nxt);
            if (r > l) q.markSacked(l, r, una, MSS, () => {});
          } else if (o.kind === 'lose' && o.k < q.count) {
            q.markLost(o.k);
          } else if (o.kind === 'resend' && o.k < q.count && q.flagsAt(o.k) & LOST) {
            q.markResent(o.k, 1);
          } else if (o.kind === 'ack') {
            const ack = Math.min(una + o.packets * MSS, nxt);
            q.ackUpTo(ack, MSS);
            una = ack;
          }
          const n = recount(q);
          expect([q.packets, q.sackedOut, q.lostOut, q.retransOut]).toEqual([n.packets, n.sacked, n.lost, n.retrans]);
        }
      }),
    );
  });

  it('a SACK block splits the GSO entries its edges cut and marks only the packets inside', () => {
    const q = new SentQueue();
    q.push(BASE + 1000, 0, false, 10); // one GSO entry of ten packets
    const newly: number[] = [];
    const n = q.markSacked(BASE + 300, BASE + 500, BASE, MSS, (k) => newly.push(k));
    expect(n).toBe(2);
    expect(q.count).toBe(3);
    expect([0, 1, 2].map((k) => [q.startAt(k, BASE), q.endAt(k), q.pcountAt(k)])).toEqual([
      [BASE, BASE + 300, 3], [BASE + 300, BASE + 500, 2], [BASE + 500, BASE + 1000, 5],
    ]);
    expect(newly).toEqual([1]);
    expect(q.sackedOut).toBe(2);
    // the same block again marks nothing new
    expect(q.markSacked(BASE + 300, BASE + 500, BASE, MSS, () => {})).toBe(0);
  });
});
