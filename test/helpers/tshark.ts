/**
 * tshark as the judge of our captures. Tests that need it use `describe.skipIf(!hasTshark())(…)`:
 * where tshark does not run, the first call prints why the file's tshark tests are skipped, and
 * with LABWIRE_REQUIRE_TSHARK=1 (CI sets it) it throws instead, so the run fails.
 *
 * Written against TShark 4.0.17 (/usr/bin/tshark): `-T fields` with `_ws.malformed`,
 * `_ws.expert.*` and the `*.checksum.status` fields (0 bad, 1 good, 2 unverified).
 */
import { spawnSync } from 'node:child_process';

export const TSHARK = process.env['TSHARK'] ?? 'tshark';

let available: boolean | undefined;

/** Whether tshark runs here; throws when it does not and LABWIRE_REQUIRE_TSHARK=1. */
export function hasTshark(): boolean {
  if (available === undefined) {
    const r = spawnSync(TSHARK, ['-v'], { encoding: 'utf8' });
    available = r.status === 0 && /TShark/.test(r.stdout);
    if (!available) tsharkMissing(r.error?.message ?? (r.stderr || `exit ${r.status}`).trim());
  }
  return available;
}

function tsharkMissing(why: string): void {
  const what = `\`${TSHARK} -v\` does not run (${why})`;
  if (process.env['LABWIRE_REQUIRE_TSHARK'] === '1') {
    throw new Error(`${what}, and LABWIRE_REQUIRE_TSHARK=1 requires it: install tshark (apt-get install tshark) or set TSHARK=/path/to/tshark`);
  }
  console.log(`${what}: the tests that compare with tshark are skipped (install tshark, or set TSHARK=/path/to/tshark)`);
}

export interface TsharkRun {
  readonly status: number | null;
  readonly stdout: string;
  /** stderr without tshark's "Running as user root" notice. */
  readonly stderr: string;
}

export function runTshark(args: readonly string[]): TsharkRun {
  const r = spawnSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l !== '' && !/^Running as user .* This could be dangerous\.$/.test(l))
    .join('\n');
  return { status: r.status, stdout: r.stdout, stderr };
}

/** Separates several occurrences of one field; no tshark text contains it. */
const AGG = '\x1f';

export interface TsharkFieldsOptions {
  /** Extra arguments before `-T fields`, e.g. `['-o', 'tcp.check_checksum:TRUE']`. */
  readonly args?: readonly string[];
}

/**
 * One row per displayed frame, one string per field; several occurrences of a field in a
 * frame are joined with ','. Throws with tshark's message if tshark cannot read the file.
 */
export function tsharkFields(file: string, fields: readonly string[], filter?: string, options: TsharkFieldsOptions = {}): string[][] {
  const args = ['-r', file, ...(options.args ?? []), '-T', 'fields', '-E', 'separator=/t', '-E', `aggregator=${AGG}`];
  for (const f of fields) args.push('-e', f);
  if (filter !== undefined) args.push('-Y', filter);
  const r = runTshark(args);
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return splitRows(r.stdout).map((row) => row.map((v) => v.split(AGG).join(',')));
}

function splitRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** Wireshark's expert severities (epan/proto.h PI_*), as `_ws.expert.severity` prints them. */
export const EXPERT_SEVERITY: Readonly<Record<number, string>> = {
  0x00100000: 'comment',
  0x00200000: 'chat',
  0x00400000: 'note',
  0x00600000: 'warn',
  0x00800000: 'error',
};

/** Wireshark's expert groups (epan/proto.h PI_*), as `_ws.expert.group` prints them. */
export const EXPERT_GROUP: Readonly<Record<number, string>> = {
  0x01000000: 'checksum',
  0x02000000: 'sequence',
  0x03000000: 'response-code',
  0x04000000: 'request-code',
  0x05000000: 'undecoded',
  0x06000000: 'reassemble',
  0x07000000: 'malformed',
  0x08000000: 'debug',
  0x09000000: 'protocol',
  0x0a000000: 'security',
  0x0b000000: 'comments',
  0x0c000000: 'decryption',
  0x0d000000: 'assumption',
  0x0e000000: 'deprecated',
  0x0f000000: 'receive',
  0x10000000: 'interface',
  0x11000000: 'dissector-bug',
};

export interface ExpertItem {
  readonly frame: number;
  readonly severity: string;
  readonly group: string;
  readonly message: string;
}

export interface BadChecksum {
  readonly frame: number;
  readonly layer: 'ip' | 'tcp' | 'udp' | 'icmp';
}

export interface TsharkCheck {
  /** Frames tshark read. */
  readonly frames: number;
  /** Frame numbers tshark marks `[Malformed Packet]`. */
  readonly malformed: readonly number[];
  /** Layers whose checksum tshark finds wrong (validation on for IPv4, TCP, UDP; ICMP always). */
  readonly badChecksums: readonly BadChecksum[];
  /** Every expert item (chat and note included). */
  readonly expert: readonly ExpertItem[];
  /** Expert items of severity warn or error. */
  readonly warnings: readonly ExpertItem[];
  /** `tcp.analysis.flags` present: retransmissions, dup ACKs, zero windows … by frame. */
  readonly tcpAnalysis: readonly number[];
  /** tshark's complaint if it could not read the whole file (e.g. "cut short"), else undefined. */
  readonly readError: string | undefined;
}

const CHECK_FIELDS = [
  'frame.number',
  '_ws.malformed',
  '_ws.expert.severity',
  '_ws.expert.group',
  '_ws.expert.message',
  'tcp.analysis.flags',
  'ip.checksum.status',
  'tcp.checksum.status',
  'udp.checksum.status',
  'icmp.checksum.status',
] as const;

const CHECKSUM_LAYERS = ['ip', 'tcp', 'udp', 'icmp'] as const;

/** Read `file` with checksum validation on and report what Wireshark would flag. */
export function tsharkCheck(file: string): TsharkCheck {
  const args = ['-r', file];
  for (const p of ['ip', 'tcp', 'udp']) args.push('-o', `${p}.check_checksum:TRUE`);
  args.push('-T', 'fields', '-E', 'separator=/t', '-E', `aggregator=${AGG}`);
  for (const f of CHECK_FIELDS) args.push('-e', f);
  const r = runTshark(args);
  const rows = splitRows(r.stdout);
  const malformed: number[] = [];
  const badChecksums: BadChecksum[] = [];
  const expert: ExpertItem[] = [];
  const tcpAnalysis: number[] = [];
  for (const row of rows) {
    const [num, mal, sev, grp, msg, analysis, ...sums] = row;
    const frame = Number(num);
    if (mal) malformed.push(frame);
    if (analysis) tcpAnalysis.push(frame);
    sums.forEach((v, i) => {
      if (v.split(AGG).includes('0')) badChecksums.push({ frame, layer: CHECKSUM_LAYERS[i]! });
    });
    expert.push(...expertItems(frame, sev ?? '', grp ?? '', msg ?? ''));
  }
  const warnings = expert.filter((e) => e.severity === 'warn' || e.severity === 'error');
  const readError = r.status === 0 ? undefined : r.stderr || `tshark exited ${r.status}`;
  return { frames: rows.length, malformed, badChecksums, expert, warnings, tcpAnalysis, readError };
}

function expertItems(frame: number, sev: string, grp: string, msg: string): ExpertItem[] {
  if (sev === '') return [];
  const sevs = sev.split(AGG);
  const grps = grp.split(AGG);
  const msgs = msg.split(AGG);
  return sevs.map((s, i) => ({
    frame,
    severity: EXPERT_SEVERITY[Number(s)] ?? s,
    group: EXPERT_GROUP[Number(grps[i])] ?? grps[i] ?? '',
    message: msgs[i] ?? '',
  }));
}
