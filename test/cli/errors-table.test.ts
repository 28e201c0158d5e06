/**
 * One test per row of docs/errors.md (U, S, E, I rows): each runs the bad input and checks
 * the message and the exit code the table gives. The P rows are in program-outcomes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliProcess, errorTableRows, scenarioFile, tempDir, type CliResult } from './helpers.ts';
import { interruptCases } from './interrupt.ts';

interface Case {
  readonly run: (dir: string) => Promise<CliResult>;
  readonly message: RegExp;
  /** where the message goes; stderr unless said */
  readonly stream?: 'out' | 'err';
  /** anything else to check afterwards (files left behind) */
  readonly after?: (dir: string, r: CliResult) => void;
  /** why it cannot run here, if it cannot */
  readonly skip?: () => string | undefined;
}

const ECHO = `programs: [
  { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
  { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: 'hi' }) },
], captures: [{ on: 'mesin1', iface: 'any' }]`;

/** A scenario file whose lab is progjar with one edit to the echo scenario's body. */
const withBody = (body: string, prelude = '') => (dir: string) => cli('run', scenarioFile(dir, 'x', body, prelude), '--out', join(dir, 'out'));
const noOutput = (dir: string) => expect(existsSync(join(dir, 'out'))).toBe(false);

// ---- small filesystems for the environment rows (root only) ---------------------------------

const mounts: string[] = [];
let mountProblem: string | undefined;

function mount(options: string): string {
  const dir = tempDir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  mounts.push(dir);
  return dir;
}

beforeAll(() => {
  try {
    mount('size=64k');
  } catch (e) {
    mountProblem = `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]}): needs root`;
  }
});
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m]);
});
const needsMount = () => mountProblem;

/** A scenario whose client sends `bytes` to the echo server, so its capture is about twice that. */
const bigEcho = (bytes: number) => `programs: [
  { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
  { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: 'x'.repeat(${bytes}), logChunks: false }) },
], captures: [{ on: 'mesin1', iface: 'eth1' }]`;

const noPartials = (dir: string) => expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);

const CASES: Record<string, Case> = {
  U1: { run: () => cli('frobnicate'), message: /unknown command "frobnicate"/ },
  U2: { run: () => cli('runn', 'ping'), message: /unknown command "runn" \(did you mean "run"\?\)/ },
  U3: { run: () => cli('run', 'ping', '--sed', '3'), message: /unknown option --sed \(did you mean "--seed"\?\)/ },
  U4: { run: () => cli('run'), message: /which scenario\?/ },
  U5: { run: () => cli('run', 'ping', 'echo'), message: /unexpected argument "echo" \(one scenario per run\)/ },
  U6: { run: () => cli('run', 'ping', '--seed'), message: /--seed needs a value/ },
  U7: { run: () => cli('run', 'ping', '--seed='), message: /--seed needs a value/ },
  U8: { run: () => cli('run', 'ping', '--seed', '-1'), message: /--seed takes a whole number from 0 to 4294967295, not "-1"/ },
  U9: { run: () => cli('run', 'ping', '--seed', '4294967296'), message: /--seed takes a whole number from 0 to 4294967295, not "4294967296"/ },
  U10: {
    run: async () => {
      const all = await Promise.all(['1.5', 'abc', '1e3', '0x10', ' '].map((v) => cli('run', 'ping', `--seed=${v}`)));
      return { code: Math.max(...all.map((r) => r.code)), out: '', err: all.map((r) => r.err).join('\n') };
    },
    message: /not "1\.5"[^]*not "abc"[^]*not "1e3"[^]*not "0x10"/,
  },
  U11: { run: () => cli('run', 'ping', '--format', 'cap'), message: /--format takes one of pcap, pcap-ns, pcapng, not "cap" \(did you mean "pcap"\?\)/ },
  U12: { run: () => cli('run', 'ping', '--any-link', 'sll3'), message: /--any-link takes one of sll, sll2, not "sll3" \(did you mean/ },
  U13: { run: () => cli('run', 'ping', '--kernel', 'plan9'), message: /--kernel takes one of wsl2, linux-6\.18, not "plan9"/ },
  U14: { run: () => cli('run', 'ping', '--show=icmp'), message: /--show takes no value \(got "icmp"\); filter with --show-filter F/ },
  U15: { run: () => cli('run', 'ping', '--show', 'icmp'), message: /unexpected argument "icmp" \(one scenario per run; a filter goes after --show-filter\)/ },
  U16: { run: (dir) => cli('run', 'ping', '--out', join(dir, 'out'), '--show-filter', 'icmp.type =='), message: /^labwire: --show-filter: \S/, after: noOutput },
  U17: { run: () => cli('run', 'no-such-lab'), message: /no scenario "no-such-lab" \(see `labwire list`\)/ },
  U18: { run: () => cli('run', 'socket_info'), message: /no scenario "socket_info" \(did you mean "socket-info"\?\)/ },
  U19: { run: () => cli('run', './missing.ts'), message: /no scenario file \.\/missing\.ts/ },
  U20: { run: (dir) => cli('run', `${dir}/`), message: /is a folder, not a scenario file \(try `labwire list/ },
  U21: { run: (dir) => (writeFileSync(join(dir, 'notes.txt'), ''), cli('run', join(dir, 'notes.txt'))), message: /notes\.txt: a scenario file ends in \.ts, \.mts, \.js, \.mjs/ },
  U22: {
    run: async (dir) => {
      mkdirSync(join(dir, 'scenarios'));
      writeFileSync(join(dir, 'scenarios', 'hello.ts'), '// mine\n');
      return cli('new', join(dir, 'scenarios', 'hello.ts'));
    },
    message: /hello\.ts exists \(pass --force to replace it\)/,
  },
  U23: { run: () => cli('new', 'a b'), message: /"a b": a scenario name is letters, digits/ },
  U24: { run: () => cli('list', 'no-such-folder'), message: /no folder no-such-folder/ },

  S1: {
    // through the bin: tsx, which loads scenarios for users, names only.mts "only.ts" in its errors
    run: async (dir) => (writeFileSync(join(dir, 'only.mts'), 'export default {\n  name: "x",\n'), cliProcess('run', join(dir, 'only.mts'))),
    message: /only\.mts: cannot load scenario:\n\s+\S*only\.mts:\d+:\d+: ERROR: Expected identifier but found end of file/,
    after: (_, r) => expect(r.err).not.toMatch(/only\.ts/),
  },
  S2: { run: withBody(ECHO, "import './nowhere.ts';"), message: /x\.mts: cannot load scenario:[^]*Cannot find (module|package)[^]*hint: check the import paths/ },
  S3: { run: withBody(ECHO, 'const o: any = undefined; o.x;'), message: /x\.mts: cannot load scenario:[^]*Cannot read properties of undefined/ },
  S4: {
    run: (dir) => (writeFileSync(join(dir, 'x.mts'), 'export const x = 1;\n'), cli('run', join(dir, 'x.mts'))),
    message: /bad scenario: \S*x\.mts: \(the default export\): expected a scenario \(export default defineScenario\(\{\.\.\.\}\)\), got undefined/,
  },
  S5: { run: withBody(ECHO.replace('daemon: true', "daemon: 'yes' as any")), message: /bad scenario: \S*x\.mts: programs\[0\]\.daemon: expected true or false, got a string "yes"/, after: noOutput },
  S6: { run: withBody(ECHO.replace(/, run: echoClient\([^)]*\)/, '')), message: /programs\[1\]\.run: expected a function, got undefined/, after: noOutput },
  S7: { run: withBody(ECHO.replace('daemon: true', 'deamon: true')), message: /programs\[0\]\.deamon: unknown field \(did you mean "daemon"\?\); known fields: on, name, run, at, daemon/ },
  S8: { run: withBody(ECHO.replace("on: 'mesin2'", "on: 'mesin7'")), message: /programs\[1\]\.on: no machine named "mesin7" \(machines: mesin1, mesin2, mesin3\)/, after: noOutput },
  S9: { run: withBody(ECHO.replace("iface: 'any'", "iface: 'eth7'")), message: /captures\[0\]\.iface: mesin1 has no interface "eth7" \(it has lo, eth0, eth1, any\)/ },
  S10: { run: (dir) => cli('run', labWith(dir, "'172.16.16.102'")), message: /lab\.machines\.mesin3\.interfaces\.eth1: 172\.16\.16\.102 is already mesin2's address/ },
  S11: { run: (dir) => cli('run', labWith(dir, "'10.9.9.9'")), message: /lab\.machines\.mesin3\.interfaces\.eth1: 10\.9\.9\.9 is outside every network/ },
  S12: { run: withBody(ECHO.replace("at: '1s'", "at: '1 sec' as any")), message: /programs\[1\]\.at: "1 sec" is not a duration like '1s', '250ms' or s\(1\)/ },
  S13: { run: withBody(`${ECHO}, kernel: 'wsl'`), message: /kernel: expected one of "wsl2", "linux-6\.18", got a string "wsl" \(did you mean "wsl2"\?\)/ },
  S14: {
    run: (dir) => (writeFileSync(join(dir, 'y.mts'), scenarioSource('../x', ECHO)), cli('run', join(dir, 'y.mts'), '--out', join(dir, 'out'))),
    message: /name: expected a name of letters, digits, "\.", "_" or "-" \(it names the output files\), got a string "\.\.\/x"/,
  },

  E1: {
    run: (dir) => (writeFileSync(join(dir, 'afile'), ''), cli('run', 'ping', '--out', join(dir, 'afile'))),
    message: /afile: is a file, not a folder\n\s+hint: pass --out DIR/,
  },
  E2: { run: (dir) => (writeFileSync(join(dir, 'afile'), ''), cli('run', 'ping', '--out', join(dir, 'afile', 'sub'))), message: /afile(\/sub)?: is a file, not a folder/ },
  E3: { skip: needsMount, run: () => cli('run', 'ping', '--out', mount('ro,size=64k')), message: /: cannot write here \(permission denied or read-only\)/ },
  E4: {
    skip: needsMount,
    run: (dir) => cli('run', scenarioFile(dir, 'big', bigEcho(100_000)), '--out', mounts[0]!),
    message: /\/big\.mesin1-eth1\.pcap: no space left on the device/,
    after: () => {
      noPartials(mounts[0]!);
      expect(existsSync(join(mounts[0]!, 'big.mesin1-eth1.pcap'))).toBe(false);
    },
  },
  E5: {
    skip: needsMount,
    run: (dir) => cli('run', scenarioFile(dir, 'chatty', `programs: [{ on: 'mesin1', name: 'chatty.py', run: async ({ print }) => { for (let i = 0; i < 20000; i++) print('line', i); } }], captures: []`), '--out', mounts[0]!),
    message: /chatty\.mesin1\.txt: no space left on the device/,
    after: () => noPartials(mounts[0]!),
  },
  ...interruptCases,
};

function scenarioSource(name: string, body: string): string {
  return `import { defineScenario } from '${join(import.meta.dirname, '../../src/index.ts')}';
import { progjar, echoServer, echoClient } from '${join(import.meta.dirname, '../../src/labs/progjar/index.ts')}';
export default defineScenario({ name: '${name}', summary: '', lab: progjar, ${body} });
`;
}

/** A scenario whose lab gives mesin3's eth1 the address `addr` (a TypeScript expression). */
function labWith(dir: string, addr: string): string {
  const file = join(dir, 'lab.mts');
  writeFileSync(file, scenarioSource('x', ECHO).replace('lab: progjar', `lab: { ...progjar, machines: { ...progjar.machines, mesin3: { interfaces: { eth0: '172.20.0.5', eth1: ${addr} } } } }`));
  return file;
}

describe('docs/errors.md: every bad input gets its message and exit code', () => {
  const rows = errorTableRows().filter((r) => !r.id.startsWith('P'));

  it('has a test for every row and a row for every test', () => {
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const row of rows) {
    const c = CASES[row.id];
    if (!c) continue;
    it(`${row.id}: ${row.input} → exit ${row.code}`, async (ctx) => {
      const why = c.skip?.();
      if (why) {
        console.log(`skipped ${row.id}: ${why}`);
        ctx.skip();
      }
      const dir = tempDir();
      const r = await c.run(dir);
      expect(c.stream === 'out' ? r.out : r.err).toMatch(c.message);
      expect(r.code).toBe(row.code);
      if (r.code !== 0 && row.code !== 1) expect(r.err).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m); // no stack trace without --debug
      c.after?.(dir, r);
    });
  }
});
