/**
 * `labwire run --seeds A-B --out DIR/{seed}`: each seed's folder holds the same bytes as a
 * one-by-one `--seed N` run (SHA-256 of every file compared), and bad ranges are usage errors.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cli, tempDir } from './helpers.ts';
import { parseSeedRange, seedOutDir, withoutOptions } from '../../src/cli/seeds.ts';

function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

describe('labwire run --seeds', () => {
  it('writes, for every seed, the files a one-by-one run with that seed writes', async () => {
    const dir = tempDir();
    const spread = await cli('run', 'echo', '--seeds', '5-8', '--out', join(dir, 'pool/{seed}'));
    expect(spread.code).toBe(0);
    for (let seed = 5; seed <= 8; seed++) {
      const one = join(dir, `one/${seed}`);
      expect((await cli('run', 'echo', '--seed', String(seed), '--out', one)).code).toBe(0);
      const want = digests(one);
      expect(Object.keys(want).length).toBeGreaterThan(0);
      expect(digests(join(dir, `pool/${seed}`))).toEqual(want);
    }
    // the seeds' captures differ (ISNs, ports come from the seed): the folders are not copies of one run
    expect(digests(join(dir, 'pool/5'))).not.toEqual(digests(join(dir, 'pool/6')));
    // transcripts in seed order, whatever order the workers finished in
    const heads = [...spread.out.matchAll(/######## seed (\d+)/g)].map((m) => Number(m[1]));
    expect(heads).toEqual([5, 6, 7, 8]);
  }, 120_000);

  it('refuses ranges and outputs that cannot work, naming the option', async () => {
    for (const [argv, msg] of [
      [['--seeds', '9-3'], /runs backwards/],
      [['--seeds', '1-x'], /--seeds takes a range/],
      [['--seeds', '1-3', '--out', 'out'], /--out with \{seed\}/],
      [['--seeds', '1-3', '--seed', '2', '--out', 'o/{seed}'], /--seed and --seeds/],
    ] as const) {
      const r = await cli('run', 'echo', ...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });

  it('parses any A-B range and names each seed folder', () => {
    fc.assert(fc.property(fc.nat(0xffffffff - 1000), fc.nat(1000), (a, n) => {
      expect(parseSeedRange(`${a}-${a + n}`)).toEqual({ first: a, last: a + n });
      expect(seedOutDir('x/{seed}/y-{seed}', a)).toBe(`x/${a}/y-${a}`);
    }));
  });

  it('gives each run the arguments of the command, less the seed and folder options', () => {
    expect(withoutOptions(['echo', '--seeds', '1-2', '--out=o/{seed}', '--format', 'pcap', '--show'], ['--seeds', '--out', '--seed']))
      .toEqual(['echo', '--format', 'pcap', '--show']);
  });
});
