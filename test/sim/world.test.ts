/**
 * The World's loop and its threads: park/resume keeps runs identical whatever order real
 * promises settle in (fc.scheduler drives them), threads wake in creation order, futexes
 * first-come first-served, a thread that awaits something nothing settles is reported hung,
 * and two worlds in one process share nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoHosts } from '../helpers/world.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import echo from '../../scenarios/echo.ts';
import type { Syscalls } from '../../src/stack/syscall/api.ts';
import type { World } from '../../src/sim/world.ts';

const lines = (w: World) => w.transcript.map((l) => `${l.at} ${l.host} ${l.text}`);

describe('World: threads', () => {
  it('runs threads in creation order at one instant, and each sleeps independently', async () => {
    const w = twoHosts();
    w.spawn('a', 'main', async (sys) => {
      for (const [name, d] of [['t1', 3e6], ['t2', 1e6], ['t3', 2e6]] as const) {
        sys.spawn(name, async (t) => {
          t.stdout(`${name} starts`);
          await t.nanosleep(d);
          t.stdout(`${name} woke`);
        });
      }
      sys.stdout('main done');
    });
    await w.runUntilIdle();
    expect(lines(w)).toEqual([
      '0 a main done', '0 a t1 starts', '0 a t2 starts', '0 a t3 starts',
      '1000000 a t2 woke', '2000000 a t3 woke', '3000000 a t1 woke',
    ]);
  });

  it('wakes futex waiters first come, first served, and join waits for the thread', async () => {
    const w = twoHosts();
    const key = {};
    w.spawn('a', 'main', async (sys) => {
      const ts = ['w1', 'w2', 'w3'].map((n) => sys.spawn(n, async (t) => {
        await t.futexWait(key, null);
        t.stdout(`${n} woken`);
      }));
      await sys.nanosleep(1e6);
      expect(sys.futexWake(key, 2)).toBe(2);
      await sys.nanosleep(1e6);
      sys.futexWake(key, 1);
      for (const t of ts) await sys.join(t);
      sys.stdout('joined');
    });
    await w.runUntilIdle();
    expect(lines(w)).toEqual(['1000000 a w1 woken', '1000000 a w2 woken', '2000000 a w3 woken', '2000000 a joined']);
  });

  it('gives the same run whatever order outside promises settle in (the bridge\'s case)', async () => {
    await fc.assert(fc.asyncProperty(fc.scheduler(), async (s) => {
      const w = twoHosts();
      for (const name of ['p1', 'p2', 'p3']) {
        w.spawn('a', name, async (sys: Syscalls) => {
          const v = await sys.external(s.schedule(Promise.resolve(name), name));
          sys.stdout(`${v} at ${sys.now()}`);
          await sys.nanosleep(1000);
          sys.stdout(`${v} slept`);
        });
      }
      const done = w.runUntilIdle();
      await s.waitFor(done);
      expect(lines(w)).toEqual(['0 a p1 at 0', '0 a p2 at 0', '0 a p3 at 0', '1000 a p1 slept', '1000 a p2 slept', '1000 a p3 slept']);
    }), { numRuns: 50 });
  });

  it('reports a thread that awaits a promise nothing settles as hung, and goes on', async () => {
    const w = twoHosts();
    w.spawn('a', 'stuck.py', async () => {
      await new Promise(() => undefined);
    });
    w.spawn('b', 'fine.py', async (sys) => {
      await sys.nanosleep(5e6);
      sys.stdout('still running');
    });
    const r = await w.run({ settle: 0 });
    expect(lines(w)).toEqual(['5000000 b still running']);
    expect(r.stall?.blocked.map((b) => `${b.program}: ${b.call}`)).toEqual(['stuck.py: a promise nothing in the simulation settles']);
  });
});

describe('World: the run\'s end time', () => {
  const ticker = (w: World, host: string, every: number, count = Infinity) => w.spawn(host, 'ticker', async (sys) => {
    for (let n = 1; n <= count; n++) {
      await sys.nanosleep(every);
      sys.stdout(`tick ${n}`);
    }
  });

  it('stops an endless program at `until` and says the run was ended there', async () => {
    const w = twoHosts();
    ticker(w, 'a', 10e9);
    const r = await w.run({ until: 35e9 });
    expect(lines(w).map((l) => l.split(' ').slice(2).join(' '))).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(r.limit).toBe(35e9);
    expect(r.stall).toBeNull();
  });

  it('names no end time when the programs ended before it', async () => {
    const w = twoHosts();
    ticker(w, 'a', 10e9, 2);
    const r = await w.run({ until: 35e9 });
    expect(lines(w)).toHaveLength(2);
    expect(r.limit).toBeNull();
  });
});

describe('World: two in one process', () => {
  it('share nothing: interleaved runs give what each gives alone', async () => {
    const alone = await runScenario(echo, { seed: 3 });
    const [x, y] = await Promise.all([runScenario(echo, { seed: 3 }), runScenario(echo, { seed: 3 })]);
    for (const r of [x, y]) {
      expect(r.result.transcript).toEqual(alone.result.transcript);
      expect(r.captures.map((c) => Buffer.from(c.bytes!).toString('hex'))).toEqual(alone.captures.map((c) => Buffer.from(c.bytes!).toString('hex')));
    }
  });
});
