/**
 * CI: Google's packetdrill TCP corpus, extracted from ../shared/packetdrill beside the
 * repository into a temporary folder (it is GPL test data: run, never copied in), run
 * script by script against the simulated host; the pass count may not drop below the
 * number recorded in corpus-baseline.json, nor the number of scripts where labwire does what
 * real Linux 6.18.44 did with them (test/fixtures/real/packetdrill/google.tsv, recorded with
 * the real packetdrill by tools/netns-lab/packetdrill-real.sh: both pass, or both fail at the
 * same line). Without the archive the test fails, saying so;
 * on a user's clone, which has no ../shared, vitest.config.ts leaves this file out of the run
 * with a notice naming the archive (in CI, CI=true, it never does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agreement, compareWithReal, parseRealOutcomes } from '../../src/packetdrill/compare.ts';
import { findScripts } from '../../src/packetdrill/corpus.ts';
import { makeHostDriver } from '../../src/packetdrill/host.ts';
import { detailLine, summarize } from '../../src/packetdrill/report.ts';
import { runCorpus } from '../../src/packetdrill/run-corpus.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const archive = join(repoRoot, '..', 'shared', 'packetdrill', 'packetdrill-tcp.tar.gz');
const { pass: baseline, agreeWithLinux } = JSON.parse(readFileSync(join(import.meta.dirname, 'corpus-baseline.json'), 'utf8')) as { pass: number; agreeWithLinux: number };
const realFile = join(repoRoot, 'test', 'fixtures', 'real', 'packetdrill', 'google.tsv');

describe('packetdrill corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-packetdrill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`passes at least ${baseline} scripts and does what Linux did with at least ${agreeWithLinux} (corpus-baseline.json)`, async () => {
    if (!existsSync(archive)) {
      throw new Error(`the packetdrill corpus is missing: ${archive} (see ../shared/packetdrill/README.md; in CI it must be there)`);
    }
    execFileSync('tar', ['-xzf', archive, '-C', dir]);
    const tcp = join(dir, 'packetdrill', 'gtests', 'net', 'tcp');
    const files = findScripts([tcp]);
    expect(files.length).toBe(162);
    const results = (await runCorpus(files, makeHostDriver)).map((r) => r.result);
    const s = summarize(results);
    const lost = results.filter((r) => r.outcome.status === 'error').map(detailLine);
    expect(lost, 'scripts that no longer parse').toEqual([]);
    expect(s.counted.pass + s.excluded.pass, `pass count (baseline ${baseline})`).toBeGreaterThanOrEqual(baseline);
    const cs = compareWithReal(results, parseRealOutcomes(readFileSync(realFile, 'utf8'), realFile), tcp);
    expect(cs.filter((c) => c.why === 'the script changed since the real run'), 'the archive is not the corpus google.tsv was recorded from').toEqual([]);
    const a = agreement(cs.filter((c) => c.counted));
    expect(a.agree, `agreement with Linux (baseline ${agreeWithLinux}): ${JSON.stringify(cs.filter((c) => c.counted && c.verdict === 'differ'), null, 1)}`).toBeGreaterThanOrEqual(agreeWithLinux);
  }, 300_000);
});
