/**
 * Linux's timer wheel for jiffy timers: never early, late by at most the level's granularity
 * (a 5 s timer at HZ=250 sits on level 2: 64 jiffies = 256 ms), exact for a near timer's
 * level 0 but for the one-jiffy round-up; and the ping scenario's neighbour re-probe moves
 * from exactly 5 s to within the wheel's 256 ms with `timerHz: 250`, by the seeded phase.
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
