import { describe, expect, it } from 'vitest';
import { SendPool } from '../../../src/stack/tcp/send-pool.ts';
import { bytes, connIn, type Harness } from './fixture.ts';

/** the same script on two connections: the segments must be the same, built new or in a pool's slots */
function script(h: Harness): unknown[] {
  const out: unknown[] = [];
  const t = () => h.tcb;
  h.call({ kind: 'send', data: bytes(20000) });
  out.push(h.take());
  // data out of order: a duplicate ACK with a SACK block
  h.feed({ seq: t().rcvNxt + 1000, payload: bytes(500, 0x42), ack: t().sndUna });
  out.push(h.take());
  // the hole filled, then the same bytes again: a D-SACK block
  h.feed({ seq: t().rcvNxt, payload: bytes(1000, 0x43), ack: t().sndUna });
  h.feed({ seq: t().rcvNxt - 700, payload: bytes(200, 0x44), ack: t().sndUna });
  out.push(h.take());
  h.advance(30e6);
  h.feed({ ack: t().sndNxt });
  h.call({ kind: 'send', data: bytes(3000) });
  h.advance(300e6);
  h.fireDue();
  out.push(h.take());
  return out;
}

describe('SendPool', () => {
  it('builds the same segments as new objects do, SACK and D-SACK options included', () => {
    const fresh = connIn('ESTABLISHED');
    const pooled = connIn('ESTABLISHED');
    pooled.sends = new SendPool();
    const a = script(fresh);
    const b = script(pooled);
    expect(b).toEqual(a);
    expect((a[0] as unknown[]).length).toBeGreaterThan(3);
    expect(JSON.stringify(a[1])).toContain('"sack"');
  });

  it('hands out the same slots again after a reset, and drops the payloads it lent', () => {
    const pool = new SendPool();
    const first = pool.take();
    const second = pool.take();
    expect(second).not.toBe(first);
    first.effect.seg.payload = bytes(10);
    pool.reset();
    expect(pool.take()).toBe(first);
    expect(first.effect.seg.payload.length).toBe(0);
  });
});
