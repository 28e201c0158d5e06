/**
 * Program CPU time: with `cpu: 'none'` a run is byte for byte what it was; with `python3` the
 * echo server spends ~0.5 ms from each recv to its sendall, its own clock moving while the
 * kernel goes on, so over loopback its 32-byte replies leave one per ACK instead of being
 * merged by Nagle (the 2 MB recording's shape), and the scenario field and --cpu reach the run.
 */
import { describe, expect, it } from 'vitest';
import echo from '../../scenarios/echo.ts';
import { defineScenario, type ScenarioSpec } from '../../src/sim/scenario.ts';
import { bigEcho } from '../sim/netem/kinds.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { parseRunArgs } from '../../src/cli/run-args.ts';
import { runToFiles, sha256 } from '../helpers/scenario.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';


const localEcho = (cpu: string | undefined, bytes: number): ScenarioSpec => bigEcho(bytes, 'loopback', cpu ? { cpu } : {});

describe('program CPU time', () => {
  it("cpu: 'none' changes nothing: the same capture bytes as without the field", async () => {
    const a = await runToFiles(echo, 1);
    const b = await runToFiles(defineScenario({ ...echo, cpu: 'none' }), 1);
    expect(b.captures.map((c) => sha256(c.path!))).toEqual(a.captures.map((c) => sha256(c.path!)));
  });

  it('python3: the server takes ~0.5 ms from one recv to the next; the run still delivers everything', async () => {
    const run = await runScenario(defineScenario({ ...echo, cpu: 'python3' }), { seed: 1 });
    const recvs = run.result.transcript.filter((l) => l.host === 'mesin1' && l.text.startsWith('INFO:root:received b\'I')).map((l) => l.at);
    expect(recvs.length).toBeGreaterThan(0);
    const plain = await runScenario(echo, { seed: 1 });
    const client = (r: typeof run) => r.result.transcript.filter((l) => l.host === 'mesin2').map((l) => l.text);
    expect(client(run)).toEqual(client(plain));
    const end = (r: typeof run) => r.result.transcript.filter((l) => l.host === 'mesin2').at(-1)!.at;
    expect(end(run) - end(plain)).toBeGreaterThan(0.5e6);
  });

  it.runIf(hasTshark())('python3 over loopback: the 32-byte replies leave one per ACK (Nagle has nothing to merge)', async () => {
    const count = async (cpu: string | undefined) => {
      const run = await runToFiles(localEcho(cpu, 64 * 1024), 1);
      const sizes = tsharkFields(run.captures[0]!.path!, ['tcp.len'], 'tcp.srcport==10000 && tcp.len>0').map((r) => Number(r[0]));
      return { sizes, thirtyTwo: sizes.filter((n) => n === 32).length };
    };
    const none = await count(undefined);
    const py = await count('python3');
    expect(py.thirtyTwo / py.sizes.length).toBeGreaterThan(0.9);
    expect(py.thirtyTwo).toBeGreaterThan(none.thirtyTwo);
  });

  it('--cpu names a profile, and a wrong one is named', () => {
    const o = parseRunArgs(['echo', '--cpu', 'python3']);
    expect(o !== 'help' && o.cpu).toBe('python3');
    expect(() => parseRunArgs(['echo', '--cpu', 'pypy'])).toThrow(/--cpu takes one of none, python3/);
  });
});
