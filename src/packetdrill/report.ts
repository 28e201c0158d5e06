/**
 * The results as a table by family and a total (excluded families listed apart, not
 * counted), or as JSON for machines.
 */
import type { Comparison } from './compare.ts';
import { EXCLUDED_FAMILIES, IP_VERSIONS_RUN, type ScriptResult, type Status } from './result.ts';

export interface Tally {
  scripts: number;
  pass: number;
  fail: number;
  unsupported: number;
  error: number;
}

const empty = (): Tally => ({ scripts: 0, pass: 0, fail: 0, unsupported: 0, error: 0 });

function add(t: Tally, s: Status): void {
  t.scripts++;
  t[s]++;
}

export interface Summary {
  readonly families: Readonly<Record<string, Tally>>;
  /** every family not excluded */
  readonly counted: Tally;
  readonly excluded: Tally;
  /** pass / counted scripts, 0..1 */
  readonly passRate: number;
}

export function summarize(results: readonly ScriptResult[]): Summary {
  const families: Record<string, Tally> = {};
  const counted = empty();
  const excluded = empty();
  for (const r of results) {
    add((families[r.family] ??= empty()), r.outcome.status);
    add(r.family in EXCLUDED_FAMILIES ? excluded : counted, r.outcome.status);
  }
  return { families, counted, excluded, passRate: counted.scripts ? counted.pass / counted.scripts : 0 };
}

function row(name: string, t: Tally): string {
  const cells = [t.scripts, t.pass, t.fail, t.unsupported, t.error].map((n) => String(n).padStart(8));
  return `${name.padEnd(20)}${cells.join('')}`;
}

/** One line per script that did not pass: why. */
export function detailLine(r: ScriptResult): string | null {
  const o = r.outcome;
  switch (o.status) {
    case 'pass':
      return null;
    case 'fail':
      return `FAIL ${r.file}:${o.line}: ${o.what}: expected ${o.expected}, got ${o.got}${r.pcap ? ` (capture: ${r.pcap})` : ''}`;
    case 'unsupported':
      return `UNSUPPORTED ${r.file}${o.line === null ? '' : `:${o.line}`}: ${o.feature}`;
    case 'error':
      return `ERROR ${r.file}: ${o.message}`;
  }
}

export function formatTable(results: readonly ScriptResult[]): string[] {
  const s = summarize(results);
  const header = `${'family'.padEnd(20)}${['scripts', 'pass', 'fail', 'unsupp', 'error'].map((h) => h.padStart(8)).join('')}`;
  const names = Object.keys(s.families).sort();
  const lines = [header];
  for (const n of names.filter((f) => !(f in EXCLUDED_FAMILIES))) lines.push(row(n, s.families[n]!));
  lines.push(row('total', s.counted));
  const excluded = names.filter((f) => f in EXCLUDED_FAMILIES);
  if (excluded.length) {
    lines.push('', 'excluded (not counted):');
    for (const n of excluded) lines.push(`${row(n, s.families[n]!)}  ${EXCLUDED_FAMILIES[n]}`);
  }
  lines.push('', `ip versions run: ${IP_VERSIONS_RUN.join(', ')} only (no IPv6 runs: labwire's IPv6 is loopback-only)`);
  lines.push(`pass rate: ${s.counted.pass}/${s.counted.scripts} (${(100 * s.passRate).toFixed(1)} %)`);
  return lines;
}

/** `comparison`, when given (--compare), goes along: each script's verdict against the real run. */
export function toJson(results: readonly ScriptResult[], comparison?: { readonly label: string; readonly scripts: readonly Comparison[] }): string {
  const s = summarize(results);
  return JSON.stringify({ summary: s, excludedFamilies: EXCLUDED_FAMILIES, ipVersions: IP_VERSIONS_RUN, results, ...(comparison ? { comparison } : {}) }, null, 2);
}
