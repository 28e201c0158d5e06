/**
 * A run's report folder (`labwire run SCENARIO --report DIR`): `index.html`, every capture as
 * pcapng with a teaching comment on each packet, and the transcripts. Built from what the run
 * produced — the captures' bytes, the transcripts and the recorded timeline — so the packets
 * are the run's own, byte for byte; only comments are added.
 *
 * Entry point: `buildRunReport(input)` gives the files (name → content) without touching the
 * disk; the CLI writes them as it writes a run's outputs (cli/outputs.ts: atomic, exit 4 when
 * the folder cannot be written).
 */
import { collectCapture, readCapture } from '../capture/reader.ts';
import { recordTimeNs } from '../capture/record.ts';
import { captureToBytes } from '../capture/writer.ts';
import type { TimelineData } from '../sim/timeline.ts';
import { buildReportPage } from './capture-report.ts';
import { commentsFor } from './comments.ts';
import { CATALOGS, type Lang } from './i18n/index.ts';

export interface RunReportInput {
  /** the scenario's name: the page's title and the files' prefix */
  readonly scenario: string;
  /** Unix seconds of simulated time 0 (the captures' epoch) */
  readonly epochSec: number;
  /** the run's captures as written (pcap, pcap-ns or pcapng): run-scenario's CaptureResult fits */
  readonly captures: readonly { readonly host: string; readonly iface: string; readonly bytes: Uint8Array }[];
  readonly transcripts: readonly { readonly name: string; readonly text: string }[];
  readonly timeline: TimelineData;
  readonly lang: Lang;
}

/** File name → content, in a fixed order: index.html, the pcapng files, the transcripts. */
export async function buildRunReport(input: RunReportInput): Promise<Map<string, string | Uint8Array>> {
  const t = CATALOGS[input.lang];
  const out = new Map<string, string | Uint8Array>();
  const commented = input.captures.map((c) => ({ name: `${input.scenario}.${c.host}-${c.iface}.pcapng`, bytes: withComments(c, input, t) }));
  out.set('index.html', await buildReportPage(commented, { lang: input.lang, subject: input.scenario, epochSec: input.epochSec, timeline: input.timeline }));
  for (const c of commented) out.set(c.name, c.bytes);
  for (const tr of input.transcripts) out.set(`${input.scenario}.${tr.name}.txt`, tr.text);
  return out;
}

/** The capture again as pcapng, same interfaces and packets, each packet with its comment. */
function withComments(c: RunReportInput['captures'][number], input: RunReportInput, t: (typeof CATALOGS)[Lang]): Uint8Array {
  const cap = collectCapture(readCapture(c.bytes));
  if (cap.error) throw new Error(`run report: a capture of the run cannot be read: ${cap.error.reason}`);
  const comments = commentsFor(cap.records, input.timeline, t);
  const epochNs = BigInt(input.epochSec) * 1_000_000_000n;
  // pcap keeps no interface name: the capture's own (as run-scenario names it) stands in
  const interfaces = cap.interfaces.map((i) => ({ name: i.name ?? c.iface, linkType: i.linkType, snaplen: i.snaplen }));
  const packets = cap.records.map((r, i) => ({ ifIndex: r.ifIndex, timeNs: Number(recordTimeNs(r) - epochNs), frame: r.data, origLength: r.origLength, comment: comments[i] }));
  return captureToBytes({ format: 'pcapng', interfaces, epochSeconds: input.epochSec }, packets);
}
