/** Bad input to `labwire run` gets a message that says what and where, exit 2, and no capture left behind. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ROOT = join(import.meta.dirname, '../..');

describe('labwire run with bad input', () => {
  it('names the scenario file, the machine and the field of a mistake, exit 2, no files written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-cli-'));
    const file = join(dir, 'broken.mts');
    writeFileSync(file, `import { defineScenario } from '${ROOT}/src/sim/scenario.ts';
import { progjar } from '${ROOT}/scenarios/progjar/lab.ts';
export default defineScenario({ name: 'broken', summary: '', lab: progjar,
  programs: [{ on: 'mesin7', name: 'x', run: async () => {} }], captures: [{ on: 'mesin1', iface: 'any' }] });
`);
    const out = join(dir, 'out');
    const r = await cli('run', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.mts: programs\[0\]\.on: no machine named "mesin7"/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('says which file failed to load and why (a syntax error), exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-cli-'));
    const file = join(dir, 'syntax.mts');
    writeFileSync(file, 'export default {\n  name: "x",\n');
    const r = await cli('run', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: cannot load scenario`);
    expect(r.err).toMatch(/end of file|EOF/i);
    expect(r.err).not.toMatch(/syntax\.ts|\x1b\[/); // the file as named (not tsx's .ts), no colour codes
  });

  it('rejects an unknown scenario, a bad seed, format and kernel with exit 2', async () => {
    expect((await cli('run', 'no-such-lab')).err).toMatch(/no scenario "no-such-lab"/);
    expect((await cli('run', 'echo', '--seed', '-1')).code).toBe(2);
    expect((await cli('run', 'echo', '--format', 'cap')).err).toMatch(/--format takes one of pcap, pcap-ns, pcapng/);
    expect((await cli('run', 'echo', '--kernel', 'plan9')).err).toMatch(/--kernel takes one of wsl2, linux-6\.18/);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('explains its options in --help', async () => {
    const top = await cli('--help');
    expect(top.out).toMatch(/labwire run SCENARIO/);
    const run = await cli('run', '--help');
    for (const opt of ['--seed', '--out', '--format', '--any-link', '--kernel', '--show']) expect(run.out).toContain(opt);
  });
});
