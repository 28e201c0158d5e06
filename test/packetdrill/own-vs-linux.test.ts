/**
 * The project's own packetdrill scripts against real Linux: test/fixtures/real/packetdrill/own.tsv
 * is what the recording machine's 6.18.44 did with each of them (the real packetdrill in a network
 * namespace, tools/netns-lab/packetdrill-real.sh … own). Every script must be recorded as it is
 * now (its sha256), so a script changed without running it on Linux again fails here, naming
 * the command; and labwire must do what Linux did with each (scripts.test.ts has them pass on
 * labwire), apart from the differences named below with their reason.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithReal, parseRealOutcomes, sha256Of } from '../../src/packetdrill/compare.ts';
import { findScripts } from '../../src/packetdrill/corpus.ts';
import { makeHostDriver } from '../../src/packetdrill/host.ts';
import { runCorpus } from '../../src/packetdrill/run-corpus.ts';
import { realCapturePath } from '../helpers/codec.ts';

const dir = join(import.meta.dirname, 'scripts');
const fixture = realCapturePath('packetdrill/own.tsv');
const real = parseRealOutcomes(readFileSync(fixture, 'utf8'), fixture);
const RECORD = 'sudo tools/netns-lab/packetdrill-real.sh PACKETDRILL own test/packetdrill/scripts test/fixtures/real/packetdrill/own.tsv';

/**
 * Scripts where labwire and the recording do not agree, and why; any other script Linux fails is
 * wrong about Linux and is corrected, not listed.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  // Real 6.18.44 resumes the blocked write at the first ACK (0.131 s), sending its last 10 000
  // bytes with the next skb: its write-space check sees the queue as the ACK left it, before
  // that skb leaves as five GSO pieces (tso_fragment, an skb each), while labwire checks after
  // them and its blocked writer waits for POLLOUT, which the pieces deny until the next ACK.
  'tcp-info-sndbuf-limited.pkt': 'the blocked write resumes one ACK later than on 6.18',
};

describe('own packetdrill scripts on real Linux (test/fixtures/real/packetdrill/own.tsv)', () => {
  const names = readdirSync(dir).filter((f) => f.endsWith('.pkt')).sort();

  it('every script was run on Linux as it is now', () => {
    const stale = names.filter((n) => real.get(n)?.sha256 !== sha256Of(readFileSync(join(dir, n))));
    expect(stale, `scripts changed or added since own.tsv was recorded; record again: ${RECORD}`).toEqual([]);
    expect([...real.keys()].filter((k) => !names.includes(k)), 'own.tsv lists scripts that are gone').toEqual([]);
  });

  it('Linux passes every script but the known differences, and labwire does what Linux did with each', async () => {
    const results = (await runCorpus(findScripts([dir]), makeHostDriver)).map((r) => r.result);
    const cs = compareWithReal(results, real, dir);
    const differ = Object.fromEntries(cs.filter((c) => c.verdict !== 'agree').map((c) => [c.script, c.why]));
    expect(Object.keys(differ).sort(), JSON.stringify(differ, null, 1)).toEqual(Object.keys(KNOWN_DIFFERENCES).sort());
    for (const n of names) if (!(n in KNOWN_DIFFERENCES)) expect(real.get(n)?.status, n).toBe('pass');
    // each known difference is where Linux failed the script: the line it names is real's
    for (const n of Object.keys(KNOWN_DIFFERENCES)) expect(real.get(n)?.status, n).toBe('fail');
  }, 120_000);
});
