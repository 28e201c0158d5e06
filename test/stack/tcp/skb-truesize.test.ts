/**
 * SKB_TX_TRUESIZE against the recordings: every `ss -tmi` sample in test/fixtures/real/stall
 * (kernel 6.18) shows sk_wmem_queued (skmem w) exceeding the Send-Q bytes by a whole number of
 * send-queue skbs, each charged SKB_TX_TRUESIZE beyond its payload.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKB_TX_TRUESIZE } from '../../../src/stack/tcp/linux.ts';
import { REAL_FIXTURES } from '../../helpers/codec.ts';

/** [Send-Q, skmem w] of every ESTAB row with queued data and the skmem line after it. */
function samples(): [number, number][] {
  const dir = join(REAL_FIXTURES, 'stall');
  const out: [number, number][] = [];
  for (const sub of readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory())) {
    for (const f of readdirSync(join(dir, sub)).filter((n) => n.endsWith('.ss.txt'))) {
      const lines = readFileSync(join(dir, sub, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const w = /skmem:\([^)]*\bw(\d+),/.exec(line);
        const row = lines[i - 1]?.trim().split(/\s+/);
        if (w && row?.[0] === 'ESTAB' && Number(row[2]) > 0) out.push([Number(row[2]), Number(w[1])]);
      });
    }
  }
  return out;
}

describe('the send queue charge per skb (SKB_TX_TRUESIZE)', () => {
  it('divides skmem w − Send-Q in every recorded sample', () => {
    const s = samples();
    expect(s.length).toBeGreaterThan(100);
    for (const [sendQ, w] of s) expect((w - sendQ) % SKB_TX_TRUESIZE, `w ${w}, Send-Q ${sendQ}`).toBe(0);
    // and it is not a smaller common divisor: some sample holds an odd number of skbs
    expect(s.some(([q, w]) => ((w - q) / SKB_TX_TRUESIZE) % 2 === 1)).toBe(true);
  });
});
