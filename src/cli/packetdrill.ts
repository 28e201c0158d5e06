/**
 * `labwire packetdrill FILE.pkt… | DIR [--json] [--pcap-dir DIR]`: runs packetdrill scripts
 * against labwire's simulated Linux host and prints a table by family (or JSON). Exit 0 when
 * no counted script failed, 1 when one did, 2 on bad usage.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs, UsageError } from './args.ts';
import { findScripts } from '../packetdrill/corpus.ts';
import { makeHostDriver } from '../packetdrill/host.ts';
import { formatTable, detailLine, summarize, toJson } from '../packetdrill/report.ts';
import type { ScriptResult } from '../packetdrill/result.ts';
import { runCorpus } from '../packetdrill/run-corpus.ts';

export const PACKETDRILL_HELP = `usage: labwire packetdrill FILE.pkt… | DIR [options]

Runs packetdrill scripts (Google's TCP tests) against labwire's simulated Linux host:
each script's system calls run on the host, its '<' packets are injected and its '>'
packets are matched within packetdrill's tolerance. Prints each script that did not pass
(why, and where its capture went) and a table by family.

options:
  --json            the results as JSON instead
  --pcap-dir DIR    where captures of failing scripts go; default ./out/packetdrill
  -h, --help        this text
`;

/** Writes a failing run's capture as <family>-<script>.pcap; returns the path. */
function writeCapture(dir: string, r: ScriptResult, bytes: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${r.family}-${basename(r.file, '.pkt')}.pcap`);
  writeFileSync(`${path}.partial`, bytes);
  renameSync(`${path}.partial`, path);
  return path;
}

export async function packetdrillCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['--pcap-dir'], ['--json', '-h', '--help']);
  if (args.options.has('-h') || args.options.has('--help')) {
    out(PACKETDRILL_HELP);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('packetdrill needs a .pkt file or a folder of them');
  let files;
  try {
    files = findScripts(args.positionals);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (files.length === 0) throw new UsageError(`no .pkt scripts in ${args.positionals.join(' ')}`);
  const pcapDir = (args.options.get('--pcap-dir') as string | undefined) ?? join('out', 'packetdrill');
  const started = Date.now(); // wall-clock ok: CLI progress
  const results: ScriptResult[] = [];
  for (const r of await runCorpus(files, makeHostDriver)) {
    results.push(r.capture ? { ...r.result, pcap: writeCapture(pcapDir, r.result, r.capture) } : r.result);
  }
  const seconds = (Date.now() - started) / 1000; // wall-clock ok: CLI progress
  if (args.options.has('--json')) {
    out(toJson(results));
  } else {
    for (const r of results) {
      const line = detailLine(r);
      if (line) out(line);
    }
    out('');
    for (const line of formatTable(results)) out(line);
    err(`${results.length} scripts in ${seconds.toFixed(1)} s`);
  }
  const s = summarize(results);
  return s.counted.fail + s.counted.error > 0 ? 1 : 0;
}
