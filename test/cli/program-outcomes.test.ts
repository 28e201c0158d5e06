/**
 * The P rows of docs/errors.md: how a run's programs ended decides the message and the exit
 * code. World reports each process's state and error and any stall in its RunResult; the CLI
 * maps them (src/cli/outcome.ts); a busy loop is caught by the worker's watchdog
 * (src/cli/watchdog.ts).
 */
import { describe, expect, it } from 'vitest';
import { runOutcome } from '../../src/cli/outcome.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/index.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliProcess, cliProcessWithin, errorTableRows, scenarioFile, tempDir } from './helpers.ts';

const code = (id: string): number => {
  const row = errorTableRows().find((r) => r.id === id);
  if (!row) throw new Error(`docs/errors.md has no row ${id}`);
  return row.code;
};

/** Run a scenario whose only programs are `programs` (a TypeScript array literal) on the progjar lab. */
async function runPrograms(programs: string, ...flags: string[]) {
  const dir = tempDir();
  const file = scenarioFile(dir, 'p', `programs: ${programs}, captures: []`);
  return { dir, ...(await cli('run', file, '--out', join(dir, 'out'), ...flags)) };
}

const THROWS_TYPE_ERROR = `[{ on: 'mesin2', name: 'client.py', at: '1s', run: async () => { const o: any = undefined; o.send(); } }]`;

describe('program outcomes (docs/errors.md, P rows)', () => {
  it('P1: a program that throws a TypeError fails the run: its name, machine and error, no stack', async () => {
    const r = await runPrograms(THROWS_TYPE_ERROR);
    expect(r.err).toMatch(/^program client\.py on mesin2: TypeError: Cannot read properties of undefined \(reading 'send'\)$/m);
    expect(r.err).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(code('P1'));
  });

  it("P2: a Python-style error prints the traceback in the transcript and one line naming the program", async () => {
    const r = await runPrograms(`[{ on: 'mesin2', name: 'client.py', at: '1s', run: async ({ socket }) => {
      const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      await sock.connect(['172.16.16.101', 10000]); // nothing listens there: RST
    } }]`);
    expect(r.out).toMatch(/^Traceback \(most recent call last\):\n.*ConnectionRefusedError: \[Errno 111\] Connection refused$/m);
    expect(r.err).toMatch(/^program client\.py on mesin2: ConnectionRefusedError: \[Errno 111\] Connection refused$/m);
    expect(r.code).toBe(code('P2'));
  });

  it('P3: a program that throws a string is named with what it threw', async () => {
    const r = await runPrograms(`[{ on: 'mesin1', name: 'odd.py', run: async () => { throw 'not an error'; } }]`);
    expect(r.err).toMatch(/^program odd\.py on mesin1: threw "not an error"$/m);
    expect(r.code).toBe(code('P3'));
  });

  it('P4: --debug adds the stack under the program line', async () => {
    const r = await runPrograms(THROWS_TYPE_ERROR, '--debug');
    expect(r.err).toMatch(/^program client\.py on mesin2: TypeError: [^\n]*\n\s+TypeError: [^\n]*\n\s+at /m);
    expect(r.code).toBe(code('P4'));
  });

  it('P5: a daemon that throws is reported but does not fail the run', async () => {
    const r = await runPrograms(`[
      { on: 'mesin1', name: 'flaky.py', daemon: true, run: async () => { throw new RangeError('bad port'); } },
      { on: 'mesin2', name: 'hello.py', at: '1s', run: async ({ print }) => print('hello') },
    ]`);
    expect(r.err).toMatch(/\(daemon flaky\.py on mesin1 ended: RangeError: bad port\)/);
    expect(r.code).toBe(code('P5'));
  });

  it('P6: a program blocked forever with nothing left to happen is a stall: the report names it', async () => {
    const r = await runPrograms(`[{ on: 'mesin1', name: 'server.py', run: echoServer({ port: 10000 }) }]`);
    expect(r.out).toMatch(/^stalled at t=/m);
    expect(r.out).toMatch(/mesin1 pid \d+ server\.py: blocked in accept/);
    expect(r.code).toBe(code('P6'));
  });

  it('P7: a program whose promise never settles is a stall naming the program', () => {
    const dir = tempDir();
    const file = scenarioFile(dir, 'p', `programs: [{ on: 'mesin1', name: 'forever.py', run: () => new Promise<void>(() => {}) }], captures: []`);
    const r = cliProcess('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(code('P7'));
    expect(r.out + r.err).toMatch(/forever\.py/);
  }, 60_000);

  // a loop that never blocks keeps the worker's turn for ever: the main thread's watchdog sees the
  // World's heartbeat stand still on spin.py's pid and stops it (src/cli/watchdog.ts)
  it('P8: a program that loops without blocking is reported by name', () => {
    const dir = tempDir();
    const file = scenarioFile(dir, 'p', `programs: [{ on: 'mesin1', name: 'spin.py', run: async () => { for (;;) { /* never yields */ } } }], captures: []`);
    const r = cliProcessWithin(30_000, 'run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(code('P8'));
    expect(r.out + r.err).toMatch(/spin\.py[^\n]*busy|busy[^\n]*spin\.py/);
  }, 60_000);

  it('P9: every program ends well: exit 0 and the transcripts written', async () => {
    const r = await runPrograms(`[{ on: 'mesin2', name: 'hello.py', at: '250ms', run: async ({ print }) => print('hello') }]`);
    expect(r.out).toMatch(/== mesin2 \(hello\.py\) ==\nhello/);
    expect(existsSync(join(r.dir, 'out', 'p.mesin2.txt'))).toBe(true);
    expect(r.code).toBe(code('P9'));
  });
});

describe('a program that polls without blocking', () => {
  it('keeps the simulation going (its clock moves on) and the run says it busy-waited', async () => {
    const sc = defineScenario({
      name: 'poller', summary: '', lab: progjar, captures: [],
      programs: [{ on: 'mesin1', name: 'poll.py', run: async ({ socket, time, print }) => {
        const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
        await s.bind(['0.0.0.0', 9999]);
        s.setblocking(false);
        const t0 = time.monotonic();
        for (let i = 0; i < 5000; i++) {
          try { await s.recv(10); } catch { /* BlockingIOError: try again */ }
        }
        print(`${(time.monotonic() - t0).toFixed(3)} s passed`);
      } }],
    });
    const run = await runScenario(sc, { seed: 1 });
    expect(run.result.transcript.map((l) => l.text)).toEqual(['0.005 s passed']);
    expect(runOutcome(run.result, { debug: false }).failures.join('\n')).toMatch(/poll\.py on mesin1 busy-waited in recv\(3\): 1000 calls in a row achieved nothing, 5 times/);
  });
});
