/**
 * The README's way into another project, run as written: `npm pack` here, then in a new
 * project the README's install commands with the packed tarball, the README's test snippet
 * pasted into a file, type-checked by tsc and run by vitest. The commands and the snippet are
 * read from README.md by their markers, so the README cannot drift from what works.
 *
 * The registry is reachable here and on CI; `--prefer-offline` lets npm take what its cache
 * already holds (labwire's own `npm ci` put vitest and fast-check there).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progjar } from '../../src/labs/progjar/lab.ts';

const ROOT = join(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const MINUTES = 60_000;

/** The fenced block that follows `<!-- consumer:NAME`, without its fences. */
function markedBlock(markdown: string, name: string): string {
  const at = markdown.indexOf(`<!-- consumer:${name}`);
  if (at < 0) throw new Error(`README.md has no <!-- consumer:${name} --> marker`);
  const m = /```\w*\n([\s\S]*?)\n```/.exec(markdown.slice(at));
  if (!m) throw new Error(`README.md: no fenced block after <!-- consumer:${name} -->`);
  return m[1]!;
}

const COMMANDS = markedBlock(README, 'commands')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const SNIPPET = markedBlock(README, 'test');

/** The environment of a user's shell: nothing of this vitest run or of the npm script around it. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(VITEST|TSX|NODE_OPTIONS$|NODE_ENV$|npm_|INIT_CWD$)/i.test(k)) env[k] = v;
  }
  return env;
}

function sh(command: string, cwd: string): SpawnSyncReturns<string> {
  return spawnSync('sh', ['-c', command], { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 1 << 26 });
}

function must(command: string, cwd: string): string {
  const r = sh(command, cwd);
  if (r.status !== 0) throw new Error(`\`${command}\` in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A scenario a user writes against the package's API: one UDP datagram between two machines. */
const USER_SCENARIO = `import { defineLab, defineScenario, ms } from 'labwire';

const lab = defineLab({
  name: 'two-hosts',
  epoch: '2025-01-01T00:00:00Z',
  kernel: 'wsl2',
  networks: { net: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' } },
  defaultNetwork: 'net',
  machines: { a: { interfaces: { eth0: '10.0.0.2' } }, b: { interfaces: { eth0: '10.0.0.3' } } },
});

export default defineScenario({
  name: 'hello',
  summary: 'b sends one UDP datagram to a',
  lab,
  programs: [
    { on: 'a', name: 'server.py', run: async ({ socket, py, print }) => {
      const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      await s.bind(['0.0.0.0', 9999]);
      const [data, from] = await s.recvfrom(64);
      print('got', py.decode(data), 'from', from[0]);
    } },
    { on: 'b', name: 'client.py', at: ms(100), run: async ({ socket }) => {
      const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      await s.sendto(new TextEncoder().encode('hello'), ['10.0.0.2', 9999]);
    } },
  ],
  captures: [{ on: 'a', iface: 'eth0' }],
});
`;

/**
 * A program that connects where nobody listens and checks the error against the package's
 * PyOSError: the command's simulator and the user's `import from 'labwire'` must be one copy
 * of labwire's modules, or `instanceof` fails.
 */
const REFUSED_SCENARIO = `import { defineScenario, PyOSError } from 'labwire';
import { progjar } from 'labwire/labs/progjar';

export default defineScenario({
  name: 'refused',
  summary: 'a connect to a closed port, its error checked against the package',
  lab: progjar,
  programs: [{ on: 'mesin2', name: 'client.py', run: async ({ socket, print }) => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    try {
      await s.connect(['172.16.16.101', 10000]);
    } catch (e) {
      print('PyOSError from labwire:', e instanceof PyOSError, String(e));
    }
  } }],
  captures: [{ on: 'mesin2', iface: 'eth1' }],
});
`;

let work = '';
let project = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'labwire-consumer-'));
  project = join(work, 'project');
  must(`mkdir -p ${project}`, work);
  const [pack, ...inProject] = COMMANDS;
  expect(pack).toBe('npm pack');
  // npm pack prints the tarball's name last; it is written in the checkout, moved out at once
  const tarball = must(pack!, ROOT).trim().split('\n').pop()!;
  renameSync(join(ROOT, tarball), join(work, tarball));
  for (const command of inProject) {
    const readmeTarball = /\S+\.tgz\b/.exec(command)?.[0];
    if (readmeTarball !== undefined) {
      expect(basename(readmeTarball), 'the tarball the README installs is the one npm pack writes').toBe(tarball);
      must(`${command.replace(readmeTarball, join(work, tarball))} --prefer-offline --no-audit --no-fund`, project);
    } else {
      must(command, project);
    }
  }
  writeFileSync(join(project, 'framing.test.ts'), SNIPPET);
}, 15 * MINUTES);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the README's consumer set-up, in a new project", () => {
  it('installs compiled JavaScript and the command, and no second fast-check', () => {
    const pkg = join(project, 'node_modules/labwire');
    expect(existsSync(join(pkg, 'dist/src/testing/index.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist/src/testing/index.d.ts'))).toBe(true);
    // `labwire run --py` loads the Python bridge's shim from beside the compiled bridge
    expect(existsSync(join(pkg, 'dist/src/pybridge/python/sitecustomize.py'))).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'node_modules/fast-check'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/fast-check'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    expect(Object.keys(manifest.peerDependencies ?? {})).toContain('fast-check');
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('fast-check');
  });

  it('type-checks the snippet with tsc', () => {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: [], strict: true, noEmit: true, skipLibCheck: true },
      files: ['framing.test.ts'],
    }));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = sh(`"${process.execPath}" "${tsc}" -p tsconfig.json`, project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 5 * MINUTES);

  it('passes the snippet under vitest', () => {
    const r = sh('npx vitest run', project);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+.*2 passed/);
  }, 5 * MINUTES);

  it("runs a TypeScript scenario of the project's own through the installed command", () => {
    must('mkdir -p scenarios', project);
    writeFileSync(join(project, 'scenarios/hello.ts'), USER_SCENARIO);
    const r = sh('npx labwire run scenarios/hello.ts --out out', project);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('got hello from 10.0.0.3');
    expect(existsSync(join(project, 'out/hello.a-eth0.pcap'))).toBe(true);
  }, 5 * MINUTES);

  it("shares one copy of labwire's modules between the command and the project's scenario", () => {
    writeFileSync(join(project, 'scenarios/refused.ts'), REFUSED_SCENARIO);
    const r = sh('npx labwire run refused --out out', project);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('PyOSError from labwire: True [Errno 111] Connection refused');
  }, 5 * MINUTES);

  it('runs a Python program with --py from the installed command (the bridge finds its shim in the package)', () => {
    writeFileSync(join(project, 'hello.py'), 'import socket\nprint("hello from", socket.gethostname())\n');
    const r = sh("npx labwire run --py 'mesin1=hello.py' --out out", project);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // the simulated machine's name: the shim answered gethostname, not this machine
    expect(r.stdout).toContain(`hello from ${progjar.machines.mesin1!.hostname}`);
  }, 5 * MINUTES);

  it('runs `labwire run echo` from the installed command, its teaching report too', () => {
    const r = sh('npx labwire run echo --out out --report out/report', project);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(project, 'out/echo.mesin1-any.pcap'))).toBe(true);
    // the viewer is bundled from the package's compiled modules (it has no src/)
    const page = readFileSync(join(project, 'out/report/index.html'), 'utf8');
    expect(page.length).toBeGreaterThan(10_000);
    expect(page).not.toMatch(/\bBuffer\./);
  }, 5 * MINUTES);
});
