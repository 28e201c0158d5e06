/**
 * Linux's timer wheel for jiffy timers: never early, late by at most the level's granularity
 * (a 5 s timer at HZ=250 sits on level 2: 64 jiffies = 256 ms), exact for a near timer's
 * level 0 but for the one-jiffy round-up; and the ping scenario's neighbour re-probe moves
 * from exactly 5 s to within the wheel's 256 ms with `timerHz: 250`, by the seeded phase; a
 * profile's `wheelEdgeNs` puts the edges at the recording machine's phase of Unix time.
 */
import { describe, expect, it } from 'vitest';
import { timerWheel, wheelExpiry } from '../../../src/stack/kernel/timer-wheel.ts';
import { streamFor } from '../../../src/sim/rng.ts';
import ping from '../../../scenarios/ping.ts';
import { defineScenario } from '../../../src/sim/scenario.ts';
import { runToFiles } from '../../helpers/scenario.ts';
import { hasTshark, tsharkFields } from '../../helpers/tshark.ts';

describe('timer wheel rounding', () => {
  const rng = streamFor(1, 'test', 'wheel');
  const wheels = Array.from({ length: 2000 }, () => timerWheel(250, () => rng.float()));

  it('a 5 s timer at HZ=250: never early, at most 64 jiffies (256 ms) late, spread over that range', () => {
    const late = wheels.map((w) => wheelExpiry(w, 1e9, 6e9) - 6e9);
    expect(Math.min(...late)).toBeGreaterThan(0);
    expect(Math.max(...late)).toBeLessThanOrEqual(256e6 + 4e6);
    expect(Math.max(...late)).toBeGreaterThan(200e6);
    expect(Math.min(...late)).toBeLessThan(50e6);
  });

  it('a 100 ms timer (level 0, 25 jiffies): one jiffy late at most', () => {
    const late = wheels.map((w) => wheelExpiry(w, 0, 100e6) - 100e6);
    expect(Math.min(...late)).toBeGreaterThan(0);
    expect(Math.max(...late)).toBeLessThanOrEqual(8e6);
  });

  it('a 1 s timer at HZ=1000 (1000 jiffies: level 2, 64 ms buckets); 300 ms (level 1, 8 ms)', () => {
    const w1000 = wheels.map((_, i) => timerWheel(1000, () => (i + 0.5) / wheels.length));
    const late = w1000.map((w) => wheelExpiry(w, 0, 1e9) - 1e9);
    expect(Math.min(...late)).toBeGreaterThan(0);
    expect(Math.max(...late)).toBeLessThanOrEqual(65e6);
    expect(Math.max(...late)).toBeGreaterThan(50e6);
    const near = w1000.map((w) => wheelExpiry(w, 0, 300e6) - 300e6);
    expect(Math.max(...near)).toBeLessThanOrEqual(9e6);
  });
});

describe('a wheel placed where a recording saw its edges (profile wheelEdgeNs)', () => {
  const epochSeconds = 1_747_985_640;
  const edgeNs = 970_000;
  const gran = 64 * 4e6; // level 2 at HZ=250
  const rng = streamFor(1, 'test', 'aligned-wheel');

  it('a 5 s timer fires on a level-2 edge: Unix time ≡ the edge (mod 256 ms), whatever the draw and the arming time', () => {
    for (let i = 0; i < 200; i++) {
      const w = timerWheel(250, () => rng.float(), { epochSeconds, edgeNs });
      const now = Math.floor(rng.float() * 60e9);
      const fired = wheelExpiry(w, now, now + 5e9);
      expect(Number((BigInt(epochSeconds) * 1_000_000_000n + BigInt(fired)) % BigInt(gran))).toBe(edgeNs);
      expect(fired - now).toBeGreaterThan(5e9);
      expect(fired - now).toBeLessThanOrEqual(5e9 + gran);
    }
  });

  it('the same draw without the alignment keeps its own edges', () => {
    const draws = [0.1234567, 0.7654321];
    const aligned = draws.map((d) => timerWheel(250, () => d, { epochSeconds, edgeNs }));
    const free = draws.map((d) => timerWheel(250, () => d));
    expect(new Set(aligned.map((w) => w.phase % gran)).size).toBe(1);
    expect(new Set(free.map((w) => w.phase % gran)).size).toBe(2);
  });
});

describe('timerHz in a scenario', () => {
  it.runIf(hasTshark())('the neighbour re-probe leaves 5 s + the wheel’s rounding after the first request', async () => {
    const reprobe = async (timerHz?: number) => {
      const run = await runToFiles(defineScenario({ ...ping, ...(timerHz ? { timerHz } : {}) }), 1);
      const eth1 = run.captures.find((c) => c.iface === 'eth1')!;
      const requests = tsharkFields(eth1.path!, ['frame.time_relative'], 'arp.opcode==1').map((r) => Number(r[0]));
      return requests[1]! - requests[0]!;
    };
    expect(await reprobe()).toBeCloseTo(5.00004, 5);
    const wheel = await reprobe(250);
    expect(wheel).toBeGreaterThan(5.00004);
    expect(wheel).toBeLessThanOrEqual(5.00004 + 0.26);
  });
});
