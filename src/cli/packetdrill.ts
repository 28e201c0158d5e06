/**
 * `labwire packetdrill FILE.pkt… | DIR [--json] [--pcap-dir DIR] [--compare REAL.tsv]`: runs
 * packetdrill scripts against labwire's simulated Linux host and prints a table by family (or
 * JSON); with --compare, also where labwire did not do what a real kernel did with the same
 * scripts (compare.ts). Exit 0 when no counted script failed, 1 when one did, 2 on bad usage.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs, UsageError } from './args.ts';
import { compareWithReal, formatComparison, parseRealOutcomes, realRunLabel, type RealOutcome } from '../packetdrill/compare.ts';
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
  --compare FILE    also compare with a real kernel's outcomes for the same DIR, as
                    tools/netns-lab/packetdrill-real.sh records them: labwire agrees where
                    both pass or both fail at the same line; prints each difference
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

/** --compare's file, read and checked before anything runs; it needs the one folder it describes. */
function readCompare(file: string | undefined, positionals: readonly string[]): { real: Map<string, RealOutcome>; label: string; dir: string } | null {
  if (file === undefined) return null;
  const dir = positionals[0]!;
  if (positionals.length !== 1 || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError('--compare needs exactly one folder of scripts: the one the real run recorded');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--compare ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return { real: parseRealOutcomes(text, file), label: realRunLabel(text), dir };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function packetdrillCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['--pcap-dir', '--compare'], ['--json', '-h', '--help']);
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
  const compare = readCompare(args.options.get('--compare') as string | undefined, args.positionals);
  const pcapDir = (args.options.get('--pcap-dir') as string | undefined) ?? join('out', 'packetdrill');
  const started = Date.now(); // wall-clock ok: CLI progress
  const results: ScriptResult[] = [];
  for (const r of await runCorpus(files, makeHostDriver)) {
    results.push(r.capture ? { ...r.result, pcap: writeCapture(pcapDir, r.result, r.capture) } : r.result);
  }
  const seconds = (Date.now() - started) / 1000; // wall-clock ok: CLI progress
  if (args.options.has('--json')) {
    out(toJson(results, compare ? { label: compare.label, scripts: compareWithReal(results, compare.real, compare.dir) } : undefined));
  } else {
    for (const r of results) {
      const line = detailLine(r);
      if (line) out(line);
    }
    out('');
    for (const line of formatTable(results)) out(line);
    if (compare) {
      out('');
      for (const line of formatComparison(compareWithReal(results, compare.real, compare.dir), compare.label)) out(line);
    }
    err(`${results.length} scripts in ${seconds.toFixed(1)} s`);
  }
  const s = summarize(results);
  return s.counted.fail + s.counted.error > 0 ? 1 : 0;
}
