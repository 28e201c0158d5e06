/**
 * Display filters a hostile user can write: nesting past tshark's parser stack, chains of
 * thousands of `and`/`!`, and `matches` patterns that backtrack exponentially in a
 * backtracking engine. Each gives tshark's message or its answer, never a RangeError or a hang.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/show/filter/index.ts';
import { MAX_NESTING } from '../../src/show/filter/parser.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { MAC1, MAC2, udpFrame, writeCapture } from './build.ts';
import { frameNumbers, show, tshark } from './helpers.ts';
import { dnsCapture } from './scenarios.ts';

const nested = (depth: number, inner: string): string => '('.repeat(depth) + inner + ')'.repeat(depth);

/** Frame 1 carries 40 × 'a' then 'b' (the input that makes `(a+)+$` backtrack 2^40 times), frame 2 ends in 'a'. */
function backtrackCapture(): string {
  const text = (s: string) => new TextEncoder().encode(s);
  const l2 = { link: 'eth' as const, srcMac: MAC1, dstMac: MAC2 };
  const ip = { src: '172.16.16.101', dst: '172.16.16.102' };
  return writeCapture('backtrack.pcap', 'eth', [
    { t: 0, frame: udpFrame(l2, ip, 40000, 9, text(`${'a'.repeat(40)}b`)) },
    { t: 1000, frame: udpFrame(l2, ip, 40000, 9, text(`xyz${'A'.repeat(40)}`)) },
  ]);
}

describe('display filter limits', () => {
  it('refuses parentheses nested ~1 563 deep with tshark\'s message, exit 2, no frames', async () => {
    const filter = nested(1563, 'frame');
    const r = await show(dnsCapture('sll'), { filter });
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe('labwire show: ")" was unexpected in this context.');
    if (hasTshark()) expect(runTshark(['-r', dnsCapture('sll'), '-Y', filter]).stderr.split('\n')[0]).toBe('tshark: ")" was unexpected in this context.');
  });

  it('accepts nesting up to the limit, as tshark does', async () => {
    const filter = nested(MAX_NESTING, 'dns');
    const r = await show(dnsCapture('sll'), { filter });
    expect(r.status).toBe(0);
    expect(frameNumbers(r.out).length).toBeGreaterThan(0);
    if (hasTshark()) expect(r.out).toBe(tshark(dnsCapture('sll'), '-Y', filter));
  });

  it('compiles and runs chains of 20 000 `and`s and 100 001 `!`s', async () => {
    const chain = compileFilter(Array(20000).fill('frame').join(' and '));
    const nots = compileFilter('!'.repeat(100001) + 'frame');
    expect(chain.ok && nots.ok).toBe(true);
    const all = await show(dnsCapture('sll'));
    expect((await show(dnsCapture('sll'), { filter: Array(20000).fill('frame').join(' and ') })).out).toBe(all.out);
    expect((await show(dnsCapture('sll'), { filter: '!'.repeat(100001) + 'frame' })).out).toBe('');
    expect((await show(dnsCapture('sll'), { filter: '!'.repeat(100000) + 'frame' })).out).toBe(all.out);
  });

  it('runs `matches "(a+)+$"` in linear time, case-insensitive as tshark', async () => {
    const path = backtrackCapture();
    const r = await show(path, { filter: 'frame matches "(a+)+$"' });
    expect(r.status).toBe(0);
    expect(frameNumbers(r.out)).toEqual([2]);
    if (hasTshark()) expect(r.out).toBe(tshark(path, '-Y', 'frame matches "(a+)+$"'));
  });

  it.each(['(a', 'a)', '[a', 'a\\\\', 'a{2,1}', '[z-a]', '*a'])('reports a bad pattern %s in tshark\'s words', async (pattern) => {
    const filter = `frame matches "${pattern}"`;
    const r = await show(dnsCapture('sll'), { filter });
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^labwire show: Regex compilation error: .+\.\n$/);
    if (hasTshark()) expect(r.err.trim().replace('labwire show: ', '')).toBe(runTshark(['-r', dnsCapture('sll'), '-Y', filter]).stderr.trim().replace('tshark: ', ''));
  });
});
