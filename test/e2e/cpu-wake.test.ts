/**
 * Scheduling latency in the CPU model (issue 17's seeded scheduling jitter): with a profile that
 * has one (`python3`), a thread woken by data on what it waits for runs its call again
 * `wake.min` + an exponential rest later, drawn from its own seeded stream; the same seed gives
 * the same latencies, another seed others, and without a profile the call returns the moment
 * the data arrives. The server below measures it: each recv's return (sys.now()) against the
 * arrival of its segment in mesin1's capture.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defineScenario } from '../../src/sim/scenario.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { readCapture } from '../../src/capture/reader.ts';
import { recordTimeNs } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { drawWake } from '../../src/stack/syscall/cpu.ts';
import { CPU_PROFILES } from '../../src/stack/syscall/cpu-profile.ts';
import { streamFor } from '../../src/sim/rng.ts';

const PORT = 10000;
const MESSAGES = 20;

/** ns from each data segment's arrival at mesin1 to the server's recv returning with it */
async function recvLatencies(cpu: string, seed: number): Promise<number[]> {
  const returned: number[] = [];
  let epochNs = 0n;
  const run = await runScenario(defineScenario({
    name: 'wake', summary: 'recv wake-up latency', lab: progjar, cpu,
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket, sys }) => {
          epochNs = BigInt(sys.epochSeconds) * 1_000_000_000n;
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', PORT]);
          s.listen(1);
          const [c] = await s.accept();
          for (let i = 0; i < MESSAGES; i++) {
            await c.recv(100);
            returned.push(sys.now());
          }
          c.close();
          s.close();
        },
      },
      {
        // the client costs nothing: one message every millisecond, each found the server waiting
        on: 'mesin2', name: 'client', at: '1ms', cpu: 'none', run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', PORT]);
          for (let i = 0; i < MESSAGES; i++) {
            await s.sendall(new Uint8Array(10));
            await time.sleep(0.001);
          }
          s.close();
        },
      },
    ],
    captures: [{ on: 'mesin1', iface: 'eth1' }],
  }), { seed });
  const arrivals: number[] = [];
  for (const e of readCapture(run.captures[0]!.bytes!)) {
    if (e.kind !== 'record') continue;
    const tcp = dissectFrame(e.data, e.linkType).tcp;
    if (tcp?.dstPort === PORT && tcp.payload.length > 0) arrivals.push(Number(recordTimeNs(e) - epochNs));
  }
  expect(arrivals).toHaveLength(MESSAGES);
  return returned.map((t, i) => t - arrivals[i]!);
}

describe('scheduling latency of a woken thread (CPU profile wake)', () => {
  const wake = CPU_PROFILES.python3!.wake!;

  it('without a profile a recv returns the moment its data arrives', async () => {
    expect(await recvLatencies('none', 1)).toEqual(new Array(MESSAGES).fill(0));
  });

  it('python3: every wake-up takes at least the minimum, varies, and is the same for the same seed', async () => {
    const a = await recvLatencies('python3', 1);
    for (const ns of a) expect(ns).toBeGreaterThanOrEqual(wake.min);
    expect(new Set(a).size).toBeGreaterThan(MESSAGES / 2);
    expect(await recvLatencies('python3', 1)).toEqual(a);
    expect(await recvLatencies('python3', 2)).not.toEqual(a);
  });

  it('the draws: never below the minimum, mean min + mean within 3 % over 20 000 (any seed)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
      const rng = streamFor(seed, 'mesin1', 'cpu-wake:test');
      let sum = 0;
      let least = Infinity;
      for (let i = 0; i < 20_000; i++) {
        const ns = drawWake(wake, () => rng.float());
        least = Math.min(least, ns);
        sum += ns;
      }
      expect(least).toBeGreaterThanOrEqual(wake.min);
      expect(Math.abs(sum / 20_000 - (wake.min + wake.mean))).toBeLessThan(0.03 * (wake.min + wake.mean));
    }), { numRuns: 20 });
  });
});
