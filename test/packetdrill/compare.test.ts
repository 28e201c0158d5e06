/**
 * --compare: labwire's results against a real kernel's (tools/netns-lab/packetdrill-real.sh's
 * TSV). Agreement is both passing or both failing at the same line; flaky and env rows give no
 * verdict; a malformed TSV is an error naming the file and line.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareOne, compareWithReal, formatComparison, parseRealOutcomes, realRunLabel, sha256Of } from '../../src/packetdrill/compare.ts';
import type { ScriptOutcome, ScriptResult } from '../../src/packetdrill/result.ts';
import { main } from '../../src/cli/main.ts';

const result = (file: string, outcome: ScriptOutcome, family = 'nagle'): ScriptResult => ({ file, family, outcome, pcap: null });
const fail = (line: number): ScriptOutcome => ({ status: 'fail', line, what: 'timing', expected: '0.1', got: '0.2' });

/** the sha256 every synthetic script below has: its text is 'x' */
const X = sha256Of('x');

const TSV = [
  '# status\tscript\tsha256\tline\tfirst error (6.18.44-test, packetdrill google suite, 2026-12-06)',
  `pass\tnagle/a.pkt\t${X}\t\t`,
  `fail\tnagle/b.pkt\t${X}\t24\tb.pkt:24: runtime error in write call: Expected result 61000 but got 60000`,
  `flaky\tclose/c.pkt\t${X}\t21\tc.pkt:21: timing error`,
  `env\tcubic/d.pkt\t${X}\t\tError: Specified qdisc kind is unknown.`,
].join('\n');

describe('the real run\'s TSV', () => {
  it('reads each status, line and message, and the run\'s label from the header', () => {
    const m = parseRealOutcomes(TSV, 'real.tsv');
    expect(m.size).toBe(4);
    expect(m.get('nagle/b.pkt')).toEqual({ status: 'fail', sha256: X, line: 24, message: 'b.pkt:24: runtime error in write call: Expected result 61000 but got 60000' });
    expect(m.get('nagle/a.pkt')!.line).toBeNull();
    expect(realRunLabel(TSV)).toBe('6.18.44-test, packetdrill google suite, 2026-12-06');
    expect(realRunLabel(`pass\ta.pkt\t${X}\t\t`)).toBe('the recorded run');
  });

  it('names the file and line of a bad row', () => {
    expect(() => parseRealOutcomes(`pass\ta.pkt\t${X}\t\t\npassed\tb.pkt\t${X}\t\t`, 'r.tsv')).toThrow(/r\.tsv:2: status 'passed'/);
    expect(() => parseRealOutcomes(`fail\ta.pkt\t${X}\tx\tm`, 'r.tsv')).toThrow(/r\.tsv:1: line 'x'/);
    expect(() => parseRealOutcomes(`pass\ta.pkt\t${X}\t\t\npass\ta.pkt\t${X}\t\t`, 'r.tsv')).toThrow(/r\.tsv:2: a\.pkt is listed twice/);
    expect(() => parseRealOutcomes('pass\ta.pkt\t\t\t', 'r.tsv')).toThrow(/r\.tsv:1: '' is not a sha256/);
  });
});

describe('a script\'s verdict', () => {
  const real = parseRealOutcomes(TSV, 'real.tsv');

  it('agrees when both pass, or both fail at the same line', () => {
    expect(compareOne('nagle/a.pkt', result('a', { status: 'pass' }), real.get('nagle/a.pkt'), X).verdict).toBe('agree');
    expect(compareOne('nagle/b.pkt', result('b', fail(24)), real.get('nagle/b.pkt'), X).verdict).toBe('agree');
  });

  it('differs when labwire passes what the kernel fails, fails elsewhere, or does not run it', () => {
    const passes = compareOne('nagle/b.pkt', result('b', { status: 'pass' }), real.get('nagle/b.pkt'), X);
    expect(passes.verdict).toBe('differ');
    expect(passes.why).toMatch(/real Linux fails at line 24 .*; labwire passes/);
    expect(compareOne('nagle/b.pkt', result('b', fail(30)), real.get('nagle/b.pkt'), X).verdict).toBe('differ');
    expect(compareOne('nagle/a.pkt', result('a', fail(3)), real.get('nagle/a.pkt'), X).why).toMatch(/real Linux passes; labwire fails at line 3/);
    const unsupported = compareOne('nagle/a.pkt', result('a', { status: 'unsupported', feature: 'sysctl net.ipv4.tcp_ecn=1', line: null }), real.get('nagle/a.pkt'), X);
    expect(unsupported.why).toMatch(/does not run it \(sysctl net\.ipv4\.tcp_ecn=1\)/);
  });

  it('gives no verdict on a script whose text changed since the real run', () => {
    const c = compareOne('nagle/a.pkt', result('a', { status: 'pass' }), real.get('nagle/a.pkt'), sha256Of('y'));
    expect(c).toMatchObject({ verdict: 'no-verdict', why: 'the script changed since the real run' });
  });

  it('gives no verdict on flaky, env or unrecorded scripts', () => {
    for (const s of ['close/c.pkt', 'cubic/d.pkt', 'other/e.pkt']) expect(compareOne(s, result(s, { status: 'pass' }), real.get(s), X).verdict).toBe('no-verdict');
  });

  it('matches results to rows by their path under the folder, and counts', () => {
    const cs = compareWithReal([result('/c/tcp/nagle/a.pkt', { status: 'pass' }), result('/c/tcp/nagle/b.pkt', { status: 'pass' }), result('/c/tcp/close/c.pkt', { status: 'pass' })], real, '/c/tcp', () => X);
    expect(cs.map((c) => [c.script, c.verdict])).toEqual([['nagle/a.pkt', 'agree'], ['nagle/b.pkt', 'differ'], ['close/c.pkt', 'no-verdict']]);
    const lines = formatComparison(cs, 'k');
    expect(lines[0]).toMatch(/^DIFFERS nagle\/b\.pkt: /);
    expect(lines.at(-1)).toBe('agrees with real Linux (k) on 1 of 2 counted scripts with a verdict; 1 without one (flaky, env or not recorded)');
  });

  it('lists differences only in counted families and counts the excluded ones apart', () => {
    const real2 = parseRealOutcomes(`pass\tfastopen/f.pkt\t${X}\t\t\npass\tnagle/a.pkt\t${X}\t\t`, 'r.tsv');
    const cs = compareWithReal([result('/c/fastopen/f.pkt', { status: 'unsupported', feature: 'fastopen: TCP_FASTOPEN', line: 3 }, 'fastopen'), result('/c/nagle/a.pkt', { status: 'pass' })], real2, '/c', () => X);
    expect(cs.map((c) => c.counted)).toEqual([false, true]);
    expect(formatComparison(cs, 'k')).toEqual([
      'agrees with real Linux (k) on 1 of 1 counted scripts with a verdict; 0 without one (flaky, env or not recorded)',
      'excluded families: agrees on 0 of 1 with a verdict; 0 without one',
    ]);
  });
});

describe('labwire packetdrill --compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-compare-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...argv, '--pcap-dir', join(dir, 'pcaps')], (s) => out.push(s), (s) => err.push(s));
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints the differences and the count after the table; bad use is exit 2 with the reason', async () => {
    mkdirSync(join(dir, 'tcp', 'nagle'), { recursive: true });
    // a script labwire passes: the listener answers a SYN with its SYN-ACK
    writeFileSync(join(dir, 'tcp', 'nagle', 'a.pkt'), [
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
      '+0 bind(3, ..., ...) = 0',
      '+0 listen(3, 1) = 0',
      '+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>',
      '+0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 10>',
      '',
    ].join('\n'));
    const tsv = join(dir, 'real.tsv');
    writeFileSync(tsv, `fail\tnagle/a.pkt\t${sha256Of(readFileSync(join(dir, 'tcp', 'nagle', 'a.pkt')))}\t5\ta.pkt:5: bad value in outbound TCP option\n`);
    const r = await run(['packetdrill', join(dir, 'tcp'), '--compare', tsv]);
    expect(r.out).toContain('DIFFERS nagle/a.pkt: real Linux fails at line 5 (a.pkt:5: bad value in outbound TCP option); labwire passes');
    expect(r.out).toContain('agrees with real Linux (the recorded run) on 0 of 1 counted scripts with a verdict');
    const json = JSON.parse((await run(['packetdrill', join(dir, 'tcp'), '--compare', tsv, '--json'])).out) as { comparison: { scripts: { verdict: string }[] } };
    expect(json.comparison.scripts.map((c) => c.verdict)).toEqual(['differ']);

    const missing = await run(['packetdrill', join(dir, 'tcp'), '--compare', join(dir, 'nope.tsv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--compare .*nope\.tsv: no such file/);
    const twoPaths = await run(['packetdrill', join(dir, 'tcp', 'nagle', 'a.pkt'), '--compare', tsv]);
    expect(twoPaths.code).toBe(2);
    expect(twoPaths.err).toMatch(/--compare needs exactly one folder/);
  });
});
