/** Own scenarios (issue 13): `labwire new`, `list [DIR]`, `run PATH`/`run NAME` from a project, the lab's export, durations. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cli, cliProcess, ROOT, scenarioFile, tempDir } from './helpers.ts';

/** `labwire ARGS` as a user in folder `cwd` runs it. */
function inFolder(cwd: string, ...argv: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/labwire.mjs'), ...argv], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('labwire new', () => {
  it('writes a commented scenario that runs as written, found by name from its project', () => {
    const project = tempDir();
    const made = inFolder(project, 'new', 'hello');
    expect(made.code).toBe(0);
    // no package.json with "type": "module" here: a .ts would load as CommonJS, so .mts
    const file = join(project, 'scenarios', 'hello.mts');
    expect(readFileSync(file, 'utf8')).toMatch(/^\s+\/\/ 'at' is when it starts/m);
    const run = inFolder(project, 'run', 'hello', '--out', 'out');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/== mesin3 \(hello\.py\) ==\nhello from 5c1f0a3e9b27/);
    expect(run.out).toMatch(/INFO:root:b'hello, labwire'/);
    expect(existsSync(join(project, 'out', 'hello.mesin1-any.pcap'))).toBe(true);
  }, 60_000);

  it('writes .ts in an ES-module package, and refuses to overwrite', async () => {
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    expect(inFolder(project, 'new', 'mine').code).toBe(0);
    expect(existsSync(join(project, 'scenarios', 'mine.ts'))).toBe(true);
    const again = inFolder(project, 'new', 'mine');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/scenarios\/mine\.ts exists \(pass --force to replace it\)/);
  }, 60_000);
});

describe('labwire list', () => {
  it("lists a folder's scenarios with their summaries; a broken one is named with the reason, exit 2", async () => {
    const dir = tempDir();
    scenarioFile(dir, 'good', `programs: [], captures: []`);
    writeFileSync(join(dir, 'broken.mts'), 'export default 42;\n');
    writeFileSync(join(dir, 'helpers.mts'), 'export const port = 10000;\n');
    const r = await cli('list', dir);
    expect(r.out).toMatch(/^good\s+a test scenario$/m);
    expect(r.out).not.toMatch(/helpers/);
    expect(r.out).toMatch(/^broken\s+\(cannot load: .*expected a scenario.*got a number \(42\)/m);
    expect(r.code).toBe(2);
  });

  it("lists the project's ./scenarios first, then labwire's own", () => {
    const project = tempDir();
    mkdirSync(join(project, 'scenarios'));
    scenarioFile(join(project, 'scenarios'), 'zz-mine', `programs: [], captures: []`);
    const r = inFolder(project, 'list');
    expect(r.code).toBe(0);
    const mine = r.out.indexOf('zz-mine');
    expect(mine).toBeGreaterThan(-1);
    expect(r.out.indexOf('ping ')).toBeGreaterThan(mine);
  }, 60_000);
});

describe('labwire run on your own files', () => {
  it('takes .ts, .mts and .js scenario paths', async () => {
    const dir = tempDir();
    const mts = scenarioFile(dir, 'own', `programs: [{ on: 'mesin1', name: 'a.py', run: async ({ print }) => print('from mts') }], captures: []`);
    expect((await cli('run', mts, '--out', join(dir, 'o1'))).out).toMatch(/from mts/);
    const js = join(dir, 'own-js.mjs');
    writeFileSync(js, readFileSync(mts, 'utf8').replace("'own'", "'own-js'").replace('from mts', 'from js'));
    expect((await cli('run', js, '--out', join(dir, 'o2'))).out).toMatch(/from js/);
  });

  it('points a missing file named like a scenario to the scenario', async () => {
    const r = await cli('run', 'ping.ts');
    expect(r.err).toMatch(/no scenario file ping\.ts \(the scenario named "ping" runs with `labwire run ping`\)/);
    expect(r.code).toBe(2);
  });

  it("durations as '1s', s(1) and nanoseconds give byte-identical captures", async () => {
    const dir = tempDir();
    const capture = async (at: string) => {
      const name = `d${at.replace(/\W/g, '')}`;
      const body = `programs: [
        { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 7 }) },
        { on: 'mesin2', name: 'client.py', at: ${at}, run: echoClient({ server: '172.16.16.101', port: 7, message: 'x' }) },
      ], captures: [{ on: 'mesin2', iface: 'eth1' }], settle: '500ms'`;
      const r = await cli('run', scenarioFile(dir, name, body), '--out', dir);
      expect(r.code).toBe(0);
      return readFileSync(join(dir, `${name}.mesin2-eth1.pcap`));
    };
    const [a, b, c] = [await capture("'1.5s'"), await capture('s(1.5)'), await capture('1.5e9')];
    expect(a.length).toBeGreaterThan(24);
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
    const later = await capture("'1500001us'");
    expect(later.equals(a)).toBe(false); // a microsecond later is a different capture: the check can fail
  });
});

describe('labwire/labs/progjar', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { default: string; types: string }> };
  const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[]; compilerOptions: { rootDir: string; outDir: string } };

  it('is an export whose file the build emits from a source it compiles', () => {
    expect(pkg.exports['./labs/progjar']).toBeDefined();
    for (const [name, e] of Object.entries(pkg.exports)) {
      // dist/src/labs/progjar/index.js comes from src/labs/progjar/index.ts
      const source = join(build.compilerOptions.rootDir, relative(build.compilerOptions.outDir, e.default)).replace(/\.js$/, '.ts');
      expect(build.include, `${name}: ${source} is not built`).toContain(source);
      expect(existsSync(join(ROOT, source)), `${name}: ${source} missing`).toBe(true);
      expect(e.types).toBe(e.default.replace(/\.js$/, '.d.ts'));
    }
  });

  it('holds the machines, networks, zone and programs', async () => {
    const lab = await import('../../src/labs/progjar/index.ts');
    expect(Object.keys(lab.progjar.machines)).toEqual(['mesin1', 'mesin2', 'mesin3']);
    expect(Object.keys(lab.progjar.networks)).toEqual(['bridge', 'progjar']);
    for (const f of [lab.echoServer, lab.echoClient, lab.ping, lab.socketInfo]) expect(typeof f).toBe('function');
    expect(lab.progjarZone).toBeDefined();
  });
});

describe('the lab scenarios through the bin', () => {
  it('run ping as a user does: exit 0 and its captures', () => {
    const out = tempDir();
    const r = cliProcess('run', 'ping', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/capture: \S+ping\.mesin1-any\.pcap \(\d+ frames, mesin1 any\)/);
  }, 60_000);
});
