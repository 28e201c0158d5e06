/**
 * `tsx fuzz/corpus.ts DIR [--verbose]`: `show` (and `show -V` with --verbose) over every
 * capture in DIR, in this process, one line per file: name, exit status, CPU milliseconds for
 * the packet list, status and CPU milliseconds for -V, and the error if one escaped. CPU time,
 * so a machine busy with other work does not inflate it; for comparing with tshark's CPU time
 * on tcpdump's test captures (tests/*.pcap*), which are malformed on purpose.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { showCaptureFile } from '../src/cli/show.ts';

async function timed(file: string, verbose: boolean): Promise<{ status: number | string; ms: number }> {
  const start = process.cpuUsage();
  let status: number | string;
  try {
    status = await showCaptureFile(file, { verbose }, () => {}, () => {});
  } catch (e) {
    status = `THREW ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`;
  }
  const used = process.cpuUsage(start);
  return { status, ms: (used.user + used.system) / 1000 };
}

const [dir, ...flags] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write('usage: tsx fuzz/corpus.ts DIR [--verbose]\n');
  process.exit(2);
}
for (const name of readdirSync(dir).sort()) {
  const file = join(dir, name);
  const list = await timed(file, false);
  const details = flags.includes('--verbose') ? await timed(file, true) : { status: '-', ms: 0 };
  process.stdout.write(`${name}\t${list.status}\t${list.ms.toFixed(1)}\t${details.status}\t${details.ms.toFixed(1)}\n`);
}
