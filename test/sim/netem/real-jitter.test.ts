/**
 * netem's delay jitter against real `tc netem` on a veth pair, recorded by
 * tools/netns-lab/netem-jitter.sh into test/fixtures/real/netem/summary.json: for each recorded
 * netem line, labwire's qdisc over the same number of datagrams at the same spacing gives a
 * mean delay and a standard deviation within 10 % of the recording's, once the recording's own
 * stack time (the `none` case, no qdisc) is taken off (its mean subtracted, its variance too).
 * The machine that recorded so far has no netem (CONFIG_NET_SCH_NETEM is not set; see the
 * fixture's README): only `none` is there, and the comparison waits for a recording.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realCapturePath } from '../../helpers/codec.ts';
import { delays, meanSd } from './drive.ts';

interface EndStats {
  readonly count: number;
  readonly mean_us: number;
  readonly sd_us: number;
}
interface RecordedCase {
  readonly name: string;
  readonly netem: string;
  readonly receiver?: EndStats;
}
interface Recording {
  readonly count: number;
  readonly spacing_us: number;
  readonly cases: readonly RecordedCase[];
}

const recording = JSON.parse(readFileSync(realCapturePath('netem/summary.json'), 'utf8')) as Recording;
const base = recording.cases.find((c) => c.name === 'none')?.receiver;
const measured = recording.cases.filter((c) => c.netem !== '' && c.receiver);

describe('the recording', () => {
  it('has the stack\'s own time without a qdisc over ≥ 10 000 datagrams', () => {
    expect(base?.count).toBeGreaterThanOrEqual(10_000);
  });
});

// With no netem case recorded, the recording must say why (its kernel had no sch_netem): a
// recording that lost its cases for another reason fails here instead of comparing nothing.
if (measured.length === 0) {
  console.warn('netem jitter vs real tc netem: no netem case recorded (the recording kernel had no sch_netem); only the baseline is checked');
  describe('netem delay jitter against real tc netem on veth (test/fixtures/real/netem)', () => {
    it('has no netem case only because the recording kernel had no sch_netem', () => {
      expect(readFileSync(realCapturePath('netem/env.txt'), 'utf8')).toContain('# CONFIG_NET_SCH_NETEM is not set');
      expect(readFileSync(realCapturePath('netem/case1.tc-error.txt'), 'utf8')).toContain('Specified qdisc kind is unknown');
    });
  });
}

describe.skipIf(measured.length === 0 || !base)('netem delay jitter against real tc netem on veth (test/fixtures/real/netem)', () => {
  for (const c of measured) {
    it(`${c.netem}: mean and standard deviation within 10 % of the recording's`, () => {
      const real = c.receiver!;
      expect(real.count).toBeGreaterThanOrEqual(10_000);
      const realMean = real.mean_us - base!.mean_us;
      const realSd = Math.sqrt(Math.max(0, real.sd_us ** 2 - base!.sd_us ** 2));
      const ours = meanSd(delays(c.netem, recording.count, recording.spacing_us * 1000));
      expect(Math.abs(ours.mean / 1000 - realMean) / realMean).toBeLessThan(0.1);
      expect(Math.abs(ours.sd / 1000 - realSd) / realSd).toBeLessThan(0.1);
    });
  }
});
