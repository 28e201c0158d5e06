/** validateScenario: every field checked with its path, unknown fields named, durations normalized, nothing but ScenarioError thrown. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateScenario, scenarioIssues } from '../../src/sim/scenario-schema.ts';
import { ScenarioError, type ScenarioSpec } from '../../src/sim/scenario.ts';
import { parseDuration } from '../../src/sim/duration.ts';
import { closest } from '../../src/sim/schema/suggest.ts';
import { s } from '../../src/sim/time.ts';
import echo from '../../scenarios/echo.ts';
import ping from '../../scenarios/ping.ts';

const FILE = 'scenarios/mine.ts';

/** `base` with `f` applied to a deep, mutable copy (functions and the kernel profile kept). */
function edit(base: ScenarioSpec, f: (d: any) => void): unknown {
  const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : v && typeof v === 'object' && !(v instanceof Uint8Array) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v);
  const d = copy(base);
  f(d);
  return d;
}

function messages(value: unknown): string[] {
  try {
    validateScenario(value, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('validateScenario', () => {
  it('accepts every scenario labwire ships', () => {
    expect(messages(echo)).toEqual([]);
    expect(messages(ping)).toEqual([]);
  });

  it('names a missing program function by its path', () => {
    const bad = edit(echo, (d) => delete d.programs[1].run);
    expect(messages(bad)).toEqual([`${FILE}: programs[1].run: expected a function, got undefined`]);
  });

  it('names wrong types with what was given', () => {
    const bad = edit(echo, (d) => {
      d.programs[0].daemon = 'yes';
      d.captures = 3;
      d.lab.machines.mesin1.interfaces.eth1 = 172;
    });
    expect(messages(bad)).toEqual([
      `${FILE}: lab.machines.mesin1.interfaces.eth1: expected a string, got a number (172)`,
      `${FILE}: programs[0].daemon: expected true or false, got a string "yes"`,
      `${FILE}: captures: expected an array, got a number (3)`,
    ]);
  });

  it('names unknown fields with the closest known one', () => {
    const bad = edit(echo, (d) => {
      d.programs[0].deamon = true;
      d.setle = '2s';
    });
    const m = messages(bad);
    expect(m).toContainEqual(expect.stringMatching(/^scenarios\/mine\.ts: programs\[0\]\.deamon: unknown field \(did you mean "daemon"\?\)/));
    expect(m).toContainEqual(expect.stringMatching(/: setle: unknown field \(did you mean "settle"\?\)/));
  });

  it('suggests the kernel profile and capture link meant', () => {
    expect(messages(edit(echo, (d) => (d.kernel = 'wsl'))).join()).toMatch(/kernel: expected one of "wsl2", "linux-6\.18", got a string "wsl" \(did you mean "wsl2"\?\)/);
    expect(messages(edit(echo, (d) => (d.captures[0].link = 'sll3'))).join()).toMatch(/captures\[0\]\.link: .*\(did you mean "sll"\?\)|captures\[0\]\.link: .*did you mean "sll2"/);
  });

  it('refuses a scenario name that would escape the output folder', () => {
    expect(messages(edit(echo, (d) => (d.name = '../evil'))).join()).toMatch(/: name: expected a name of letters/);
  });

  it('still checks what refers to what (duplicate address, unknown machine) after the types', () => {
    const dup = edit(echo, (d) => (d.lab.machines.mesin3.interfaces.eth1 = '172.16.16.102'));
    expect(messages(dup)).toEqual([`${FILE}: lab.machines.mesin3.interfaces.eth1: 172.16.16.102 is already mesin2's address`]);
    const host = edit(echo, (d) => (d.programs[0].on = 'mesin9'));
    expect(messages(host).join()).toMatch(/programs\[0\]\.on: no machine named "mesin9"/);
  });

  it('says what the default export should be when it is not an object', () => {
    expect(messages(undefined)).toEqual([`${FILE}: (the default export): expected a scenario (export default defineScenario({...})), got undefined`]);
  });

  it('takes durations as strings or nanoseconds and gives nanoseconds', () => {
    const sc = validateScenario(edit(echo, (d) => {
      d.programs[1].at = '1.5s';
      d.settle = '250ms';
      d.until = '2min';
      d.links = { progjar: { latency: '20us', chainLatency: '2us' } };
    }), FILE);
    expect(sc.programs[1]!.at).toBe(s(1.5));
    expect(sc.settle).toBe(250e6);
    expect(sc.until).toBe(120e9);
    expect(sc.links!.progjar!.latency).toBe(20_000);
    expect(sc.links!.progjar!.chainLatency).toBe(2_000);
    expect(messages(edit(echo, (d) => (d.links = { progjar: { chainLatency: 'soon' } }))).join()).toMatch(/links\.progjar\.chainLatency: "soon" is not a duration/);
    expect(messages(edit(echo, (d) => (d.settle = '1 sec'))).join()).toMatch(/settle: "1 sec" is not a duration like '1s'/);
    expect(messages(edit(echo, (d) => (d.programs[0].at = -5))).join()).toMatch(/programs\[0\]\.at: -5 is not a duration ≥ 0/);
  });
});

describe('parseDuration', () => {
  it('reads each unit', () => {
    for (const [text, n] of [['1s', 1e9], ['250ms', 250e6], ['20us', 20e3], ['20µs', 20e3], ['7ns', 7], ['2min', 120e9], ['.5s', 5e8]] as const) {
      expect(parseDuration(text)).toEqual({ ok: true, nanos: n });
    }
  });
  it('agrees with s() for any whole number of milliseconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 86_400_000 }), (msec) => {
      const r = parseDuration(`${msec}ms`);
      return r.ok && r.nanos === s(msec / 1000);
    }));
  });
});

describe('closest', () => {
  it('finds socket-info for socket_info and daemon for deamon, and nothing for unrelated words', () => {
    expect(closest('socket_info', ['socket-info', 'echo'])).toBe('socket-info');
    expect(closest('deamon', ['daemon', 'name'])).toBe('daemon');
    expect(closest('banana', ['echo', 'ping'])).toBeUndefined();
  });
});

describe('validateScenario on arbitrary input', () => {
  const leaf = fc.oneof(fc.anything(), fc.constant(undefined), fc.constant(() => undefined), fc.string(), fc.integer());
  it('throws only ScenarioError, for any value at all', () => {
    fc.assert(fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true }), (v) => {
      try {
        validateScenario(v, FILE);
      } catch (e) {
        return e instanceof ScenarioError;
      }
      return true;
    }), { numRuns: 300 });
  });
  it('throws only ScenarioError when one field of a real scenario is replaced', () => {
    const paths: string[][] = [['name'], ['lab'], ['lab', 'networks'], ['lab', 'machines', 'mesin1'], ['lab', 'machines', 'mesin1', 'interfaces'], ['programs'], ['programs', '0'], ['programs', '1', 'at'], ['captures', '0'], ['captures', '0', 'iface'], ['settle'], ['kernel'], ['links'], ['lab', 'networks', 'progjar', 'link'], ['lab', 'upstream']];
    fc.assert(fc.property(fc.constantFrom(...paths), leaf, (path, value) => {
      const v = edit(echo, (d) => {
        let o = d;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path.at(-1)!] = value;
      });
      try {
        validateScenario(v, FILE);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        // every problem has a path into the scenario and says what was expected or wrong
        for (const i of scenarioIssues(v).issues) expect(i.message).not.toBe('');
      }
    }), { numRuns: 500 });
  });
});
