/** The I rows of docs/errors.md: a real `labwire run` process interrupted mid-run, and the run after a `kill -9`. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, ROOT, scenarioFile, type CliResult } from './helpers.ts';

/** A run that keeps simulating until it is stopped (a sleep loop in simulated time). */
const ENDLESS = `programs: [{ on: 'mesin1', name: 'ticker.py', run: async ({ time }) => { for (;;) await time.sleep(0.001); } }],
  captures: [{ on: 'mesin1', iface: 'any' }]`;

/** Start `labwire run` on a scenario that never ends, send `signal` once its capture is open, and collect what it says. */
function interrupt(dir: string, signal: 'SIGINT' | 'SIGTERM'): Promise<CliResult> {
  const out = join(dir, 'out');
  const file = scenarioFile(dir, 'endless', ENDLESS);
  const child = spawn(process.execPath, [join(ROOT, 'bin/labwire.mjs'), 'run', file, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b));
  child.stderr.on('data', (b: Buffer) => (stderr += b));
  const partial = () => existsSync(out) && readdirSync(out).some((n) => n.endsWith('.partial'));
  // poll the file system (not a clock): the signal goes once the run has opened its capture
  const poll = setInterval(() => {
    if (partial()) {
      clearInterval(poll);
      child.kill(signal);
    }
  }, 50);
  return new Promise((resolve) => {
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      resolve({ code: code ?? (sig ? -1 : 0), out: stdout, err: stderr });
    });
  });
}

/** No `.partial` left, and one report: the interrupt's, not also a stall's. */
const nothingUnfinished = (dir: string, r: CliResult) => {
  expect(readdirSync(join(dir, 'out')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  expect(r.err.trim().split('\n')).toHaveLength(1);
};

/** A pid that surely belongs to no running process: one that has just ended. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

export const interruptCases = {
  I1: {
    run: (dir: string) => interrupt(dir, 'SIGINT'),
    message: /labwire: interrupted \(SIGINT\): kept no output of this run \(outputs are written when a run ends: --until TIME ends an endless one\); removed 1 unfinished file\(s\) in /,
    after: nothingUnfinished,
  },
  I2: { run: (dir: string) => interrupt(dir, 'SIGTERM'), message: /labwire: interrupted \(SIGTERM\): kept no output of this run/, after: nothingUnfinished },
  I3: {
    run: (dir: string) => {
      const stale = join(dir, `.ping.mesin1-any.pcap.${deadPid()}.partial`);
      writeFileSync(stale, '');
      return cli('run', 'ping', '--out', dir);
    },
    message: /labwire: removed \S+\/\.ping\.mesin1-any\.pcap\.\d+\.partial \(left by an interrupted run\)/,
    after: (dir: string) => expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]),
  },
};
