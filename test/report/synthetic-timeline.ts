/**
 * A timeline for the echo, written by hand from its captures, as the World will record it once
 * the hooks are wired: who sent each frame and why, the programs' calls with Python's results,
 * and the sockets' queues. It stands in for the lead's hooks in the report's tests.
 */
import { collectCapture, readCapture } from '../../src/sim/capture/index.ts';
import { RecordingTimeline, type FrameCause, type TimelineData } from '../../src/sim/timeline.ts';
import { formatIpv4Addr } from '../../src/stack/wire/addr.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { buildRunReport, type RunReportInput } from '../../src/report/run-report.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../../src/report/i18n/index.ts';
import { echoCaptures } from './echo-captures.ts';
import echo from '../../scenarios/echo.ts';
import { buildLab } from '../../src/sim/scenario.ts';

/** the echo lab's epoch: simulated time 0 in Unix seconds */
export const ECHO_EPOCH = buildLab('scenarios/echo.ts', echo).epochSeconds;
const HOSTS: Record<string, string> = { '172.16.16.101': 'mesin1', '172.16.16.102': 'mesin2' };

/** Why frame n (1-based) of mesin2's eth1 capture was sent, as the echo's story goes. */
const CAUSES: Record<number, FrameCause> = {
  1: { kind: 'arp-request', ip: '172.16.16.101' },
  2: { kind: 'arp-reply' },
  3: { kind: 'connect', call: "connect(('172.16.16.101', 10000))" },
  4: { kind: 'syn-ack' },
  5: { kind: 'handshake-ack' },
  6: { kind: 'call', call: 'sendall(46)', bytes: 46 },
  7: { kind: 'ack-now' },
  8: { kind: 'call', call: 'sendall(32)', bytes: 32 },
  9: { kind: 'ack-now' },
  10: { kind: 'call', call: 'sendall(14)', bytes: 14 },
  11: { kind: 'ack-now' },
  12: { kind: 'close', call: 'close()' },
  13: { kind: 'close', call: 'close()' },
  14: { kind: 'fin-ack' },
};

export function echoTimeline(eth1: Uint8Array): TimelineData {
  const tl = new RecordingTimeline();
  const recs = collectCapture(readCapture(eth1)).records;
  const at = (n: number): number => (recs[n - 1]!.sec - ECHO_EPOCH) * 1e9 + recs[n - 1]!.nsec;
  for (const r of recs) {
    const v = dissectFrame(r.data, r.linkType);
    const src = v.arp ? formatIpv4Addr(v.arp.senderIp) : formatIpv4Addr(v.ipv4!.src);
    tl.frame(HOSTS[src]!, 0, at(r.index + 1), r.data, CAUSES[r.index + 1]!);
  }
  // the server: accept, recv(32) ×3, sendall ×2; the client: connect, sendall, recv(16) ×3
  tl.call('mesin1', 1, 1, 'recv', '32', at(5), at(6), "b'INI ADALAH DATA YANG DIKIRIM ABC'");
  tl.call('mesin1', 1, 1, 'sendall', "b'INI ADALAH DATA YANG DIKIRIM ABC'", at(6), at(8), 'None');
  tl.call('mesin1', 1, 1, 'recv', '32', at(8), at(8), "b'DEFGHIJKLMNOPQ'");
  tl.call('mesin1', 1, 1, 'sendall', "b'DEFGHIJKLMNOPQ'", at(8), at(10), 'None');
  tl.call('mesin1', 1, 1, 'recv', '32', at(10), at(12), "b''");
  tl.call('mesin2', 1, 1, 'connect', "('172.16.16.101', 10000)", at(3), at(5), 'None');
  tl.call('mesin2', 1, 1, 'sendall', "b'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ'", at(6), at(6), 'None');
  tl.call('mesin2', 1, 1, 'recv', '16', at(6), at(8), "b'INI ADALAH DATA '");
  tl.call('mesin2', 1, 1, 'recv', '16', at(8), at(8), "b'YANG DIKIRIM ABC'");
  tl.call('mesin2', 1, 1, 'recv', '16', at(8), at(10), "b'DEFGHIJKLMNOPQ'");
  tl.sock('mesin1', 4, at(6), { recvQ: 46, state: 'ESTABLISHED' });
  tl.sock('mesin1', 4, at(6), { recvQ: 14 });
  tl.sock('mesin1', 4, at(8), { recvQ: 0, sendQ: 32 });
  tl.sock('mesin2', 3, at(8), { recvQ: 32 });
  tl.sock('mesin2', 3, at(8), { recvQ: 16 });
  tl.sock('mesin2', 3, at(8), { recvQ: 0 });
  tl.sock('mesin2', 3, at(10), { recvQ: 14 });
  tl.sock('mesin2', 3, at(10), { recvQ: 0 });
  return tl.data();
}

/** The echo run as buildRunReport will receive it: captures, a transcript, the timeline above. */
export async function echoRunInput(lang: Lang): Promise<RunReportInput> {
  const { files } = await echoCaptures();
  const eth1 = files.get('mesin2-eth1')!.bytes;
  return {
    scenario: 'echo',
    epochSec: ECHO_EPOCH,
    captures: [{ host: 'mesin1', iface: 'any', bytes: files.get('mesin1-any')!.bytes }, { host: 'mesin2', iface: 'eth1', bytes: eth1 }],
    transcripts: [{ name: 'mesin1', text: "INFO:root:received b'INI ADALAH DATA YANG DIKIRIM ABC'\n" }],
    timeline: echoTimeline(eth1),
    lang,
  };
}


/** The run report's files written into `dir` (tests only; the CLI uses cli/outputs.ts). */
export async function writeRunReport(dir: string, input: RunReportInput): Promise<void> {
  for (const [name, content] of await buildRunReport(input)) writeFileSync(join(dir, name), content);
}
