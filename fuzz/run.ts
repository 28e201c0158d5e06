/**
 * `npm run fuzz -- TARGET|all [N] [SEED]`: N mutated inputs (default 10 000) from seed SEED
 * (default 1) against a target — reader, list, details, filter, roundtrip, scenario — saving
 * each failing input under test/fixtures/fuzz/TARGET/ (replayed by test/fuzz/replay.test.ts).
 * Prints one summary line per target; exit 1 if any input failed.
 */
import { fuzz } from './harness.ts';
import { TARGETS } from './targets.ts';

const [name, nText = '10000', seedText = '1'] = process.argv.slice(2);
const n = Number(nText);
const seed = Number(seedText);
if (name === undefined || !Number.isInteger(n) || n < 1 || !Number.isInteger(seed) || seed < 0) {
  process.stderr.write(`usage: npm run fuzz -- TARGET|all [N] [SEED]\ntargets: ${Object.keys(TARGETS).join(', ')}\n`);
  process.exit(2);
}
if (name !== 'all' && !(name in TARGETS)) {
  process.stderr.write(`no fuzz target ${JSON.stringify(name)} (targets: ${Object.keys(TARGETS).join(', ')})\n`);
  process.exit(2);
}
let failed = 0;
for (const t of name === 'all' ? Object.keys(TARGETS) : [name]) {
  const r = await fuzz(t, n, seed, { save: true, log: (s) => void process.stderr.write(s) });
  failed += r.failures.length;
  process.stdout.write(`${t}: ${r.inputs} inputs in ${r.seconds.toFixed(1)} s (${(r.inputs / r.seconds).toFixed(0)}/s), slowest ${r.maxMs.toFixed(1)} ms CPU, peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.failures.length} failing\n`);
}
process.exitCode = failed > 0 ? 1 : 0;
