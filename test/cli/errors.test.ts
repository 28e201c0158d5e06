/** The CLI's one error path: each error type prints its message and hint and gives its exit code; stacks only with --debug. */
import { describe, expect, it } from 'vitest';
import { CaptureError, EnvironmentError, environmentError, reportError, ScenarioLoadError, UsageError, EXIT } from '../../src/cli/errors.ts';
import { ScenarioError } from '../../src/sim/scenario.ts';
import { cli, tempDir } from './helpers.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function report(e: unknown, debug = false) {
  const lines: string[] = [];
  const code = reportError(e, { debug, err: (s) => lines.push(s) });
  return { code, text: lines.join('\n') };
}

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: failed`), { code, syscall: 'open', ...(path ? { path } : {}) });

describe('reportError', () => {
  it('gives each typed error its exit code, message and hint', () => {
    expect(report(new UsageError('unknown option --x'))).toEqual({ code: 2, text: 'labwire: unknown option --x\n(see labwire --help)' });
    expect(report(new ScenarioLoadError('a.mts', 'cannot load scenario', 'name it .mts'))).toEqual({ code: 2, text: 'labwire: a.mts: cannot load scenario\n  hint: name it .mts' });
    expect(report(new CaptureError('c.pcap', 'not a capture')).code).toBe(EXIT.badInput);
    expect(report(new EnvironmentError('out', 'no space left on the device')).code).toBe(EXIT.environment);
    expect(report(new ScenarioError('s.ts', 'programs[0].on', 'no machine named "x"'))).toEqual({ code: 2, text: 'labwire: bad scenario: s.ts: programs[0].on: no machine named "x"' });
  });

  it('prints a stack only with --debug', () => {
    const e = new UsageError('bad');
    expect(report(e).text).not.toMatch(/\n\s+at /);
    expect(report(e, true).text).toMatch(/\n\s+at /);
  });

  it('calls an unexpected error an internal error (exit 1) and points to --debug', () => {
    const r = report(new RangeError('index out of range'));
    expect(r).toEqual({ code: 1, text: 'labwire: internal error: RangeError: index out of range\n(run again with --debug for the stack trace, and report it)' });
    expect(report(new RangeError('x'), true).text).toMatch(/\n\s+at /);
  });

  it('maps the machine\'s errnos to exit 4 with the path, and other errnos to bad input', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) expect(report(errno(code, '/x/out.pcap'))).toMatchObject({ code: 4, text: expect.stringMatching(/^labwire: \/x\/out\.pcap: no space left on the device/) });
    for (const code of ['EACCES', 'EPERM', 'EROFS']) expect(report(errno(code, '/ro'))).toMatchObject({ code: 4, text: expect.stringMatching(/^labwire: \/ro: cannot write here/) });
    expect(report(errno('ENOTDIR', '/f/sub')).text).toMatch(/^labwire: \/f\/sub: is a file, not a folder/);
    expect(report(errno('EISDIR'))).toMatchObject({ code: 2 });
    expect(report(errno('ENOENT'))).toMatchObject({ code: 2 });
  });

  it('environmentError names the path given when the errno has none, and leaves input errors alone', () => {
    expect(environmentError(errno('ENOSPC'), 'out/x.txt')?.path).toBe('out/x.txt');
    expect(environmentError(errno('ENOENT'), 'out')).toBeUndefined();
    expect(environmentError(new TypeError('x'), 'out')).toBeUndefined();
  });
});

describe('--debug through the CLI', () => {
  it('adds the loader\'s stack to a scenario that throws while loading', async () => {
    const dir = tempDir();
    const file = join(dir, 'boom.mts');
    writeFileSync(file, 'throw new TypeError("boom at load");\n');
    const plain = await cli('run', file);
    const debug = await cli('--debug', 'run', file);
    expect(plain.code).toBe(2);
    expect(debug.code).toBe(2);
    expect(plain.err).not.toMatch(/\n\s+at /);
    expect(debug.err).toMatch(/boom at load[^]*\n\s+at /);
  });
});

describe('--help', () => {
  it('lists every command and every option of run, and the exit codes', async () => {
    const top = await cli('--help');
    for (const c of ['labwire run SCENARIO', 'labwire list [DIR]', 'labwire new NAME', 'labwire show FILE', '--debug']) expect(top.out).toContain(c);
    const run = await cli('run', '--help');
    for (const opt of ['--seed', '--out', '--format', '--any-link', '--kernel', '--show ', '--show-filter', '--timestamps', '--debug']) expect(run.out).toContain(opt);
    for (const out of [top.out, run.out]) expect(out).toMatch(/0 done, 1 a program failed, 2 bad usage[^]*3 [^]*stalled, 4 output folder not writable or disk full, 130 interrupted/);
  });
});
