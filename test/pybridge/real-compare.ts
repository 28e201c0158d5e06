/**
 * A recorded Python task (test/fixtures/real/py/<task>/) and labwire's run of it, reduced to
 * what must be equal. Frames: normaliseEntries (direction, length, addresses, TTL/DF, TCP
 * flags, window, data length, options with TSval/TSecr reduced to "present"); ISNs, IP ids and
 * times are not in those lines. Output: per machine, program and stream, the lines, with
 *  - the ports the kernels chose at random (every port in the captures but the servers') as <port1>,
 *    <port2> … in the order they first appear in the captures (a program printing another
 *    connection's port still fails),
 *  - a clock's reading printed as " at 9425.013665" (asyncio_client.py: the loop's monotonic clock
 *    counts from the recording machine's boot, labwire's from the run's start) as " at <time>",
 *  - an elapsed time the program measured, rounded to 0.1 s (timeout_client.py's "after 2.502":
 *    poll()'s timer slack, 0.1 % of the timeout (fs/select.c select_estimate_accuracy), and the
 *    wake-up latency of a loaded machine vary the milliseconds from run to run: 2.502, 2.503),
 *  - the folder of a traceback's file (where the programs were: the recording's checkout or this one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readCapture } from '../../src/capture/reader.ts';
import type { CaptureEntry } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { normaliseEntries } from '../helpers/normalise.ts';
import type { PyRun } from './run-world.ts';

export const REAL_PY = join(import.meta.dirname, '../fixtures/real/py');

/** the servers' well-known ports, the same in every run */
const FIXED_PORTS = new Set([8889, 8890, 5005, 5006, 5007]);

export interface Side {
  /** machine → frame lines */
  readonly frames: Record<string, string[]>;
  /** "mesin2 echo_client.py stdout" → lines */
  readonly lines: Record<string, string[]>;
}

/** every port in the captures but the servers', numbered in order of first appearance */
function randomPorts(captures: Iterable<CaptureEntry>[]): Map<number, string> {
  const ports = new Map<number, string>();
  for (const entries of captures) {
    for (const e of entries) {
      if (e.kind !== 'record' || e.data.length < e.origLength) continue;
      const f = dissectFrame(e.data, e.linkType);
      const t = f.tcp ?? f.udp;
      if (!t) continue;
      for (const p of [t.srcPort, t.dstPort]) if (!FIXED_PORTS.has(p) && !ports.has(p)) ports.set(p, `<port${ports.size + 1}>`);
    }
  }
  return ports;
}

function normaliseLine(line: string, ports: Map<number, string>): string {
  return line
    .replace(/\b\d{4,5}\b/g, (n) => ports.get(Number(n)) ?? n)
    .replace(/ at \d+\.\d+$/, ' at <time>')
    .replace(/ after (\d+\.\d+)$/, (_, t: string) => ` after ${Number(t).toFixed(1)}`)
    .replace(/File "[^"]*\/([^"/]+\.py)"/g, 'File "$1"');
}

function normaliseLines(lines: Record<string, string[]>, ports: Map<number, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, v.map((l) => normaliseLine(l, ports))]));
}

/** a recorded file, or its gzipped copy (FILE.gz: the big ones) */
function readRecorded(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : gunzipSync(readFileSync(`${path}.gz`));
}

/** The recording of one task. */
export function recorded(task: string, machines: readonly string[]): Side {
  const dir = join(REAL_PY, task);
  const captures = machines.map((m) => [...readCapture(readRecorded(join(dir, `${m}-any.pcap`)))]);
  const lines: Record<string, string[]> = {};
  for (const f of readdirSync(dir)) {
    const m = /^(mesin\d)\.(.+)\.(stdout|stderr)(\.gz)?$/.exec(f);
    if (!m) continue;
    const text = readRecorded(join(dir, f.replace(/\.gz$/, ''))).toString('utf8');
    lines[`${m[1]} ${m[2]} ${m[3]}`] = text.replace(/\n$/, '').split('\n');
  }
  const frames = Object.fromEntries(machines.map((m, i) => [m, normaliseEntries(captures[i]!)]));
  return { frames, lines: normaliseLines(lines, randomPorts(captures)) };
}

/** labwire's run of it: captures in the order of the task's machines */
export function simulated(run: PyRun, machines: readonly string[]): Side {
  const captures = run.captures.map((c) => [...readCapture(c)]);
  const lines: Record<string, string[]> = {};
  for (const l of run.run.result.transcript) (lines[`${l.host} ${l.program} ${l.stream}`] ??= []).push(l.text);
  const frames = Object.fromEntries(machines.map((m, i) => [m, normaliseEntries(captures[i]!)]));
  return { frames, lines: normaliseLines(lines, randomPorts(captures)) };
}
