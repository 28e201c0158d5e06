/**
 * A timed link event in the middle of a bulk transfer: mesin1's cable is out for 3 s during a
 * 1 MiB echo from mesin2. TCP recovers by retransmission; mesin2's capture shows the same
 * segment sent again after the RTO and then after double each time (Linux's backoff,
 * tcp_retransmit_timer), the client's transcript is what it is without the outage and the
 * server received the same bytes (its recv(32) lines may split differently around the pause).
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../../src/sim/scenario.ts';
import { bigEcho } from '../sim/netem/kinds.ts';
import { runToFiles, transcriptOf } from '../helpers/scenario.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';


const MIB = 1024 * 1024;

const echo1mib = (extra: Partial<ScenarioSpec> = {}) => bigEcho(MIB, 'machines', { settle: '30s', ...extra });

describe('a link down for 3 s in the middle of a 1 MiB echo', () => {
  it.runIf(hasTshark())('recovers by retransmission with RTO backoff doubling; the transcripts are unchanged', async () => {
    const plain = await runToFiles(echo1mib(), 1);
    const lines = plain.result.transcript.filter((l) => l.host === 'mesin2');
    const start = lines.find((l) => l.text.startsWith('INFO:root:sending'))!.at;
    const end = lines.find((l) => l.text === 'INFO:root:closing')!.at;
    const down = Math.round(start + (end - start) / 2);
    const cut = await runToFiles(echo1mib({ events: [{ at: down, action: 'down', iface: 'mesin1:eth1', for: '3s' }] }), 1);

    expect(cut.result.stall).toBeNull();
    expect(transcriptOf(cut, 'mesin2')).toEqual(transcriptOf(plain, 'mesin2'));
    // the server logs each recv(32): the same bytes, though a pause can split a read differently
    const received = (run: typeof plain) => transcriptOf(run, 'mesin1').filter((l) => l.startsWith('INFO:root:received')).map((l) => l.slice("INFO:root:received b'".length, -1)).join('');
    const others = (run: typeof plain) => transcriptOf(run, 'mesin1').filter((l) => !l.startsWith('INFO:root:received') && l !== 'INFO:root:sending back data');
    expect(received(cut)).toBe(received(plain));
    expect(others(cut)).toEqual(others(plain));
    const cutEnd = cut.result.transcript.find((l) => l.host === 'mesin2' && l.text === 'INFO:root:closing')!.at;
    expect(cutEnd - end).toBeGreaterThan(3e9 - (end - down)); // it waited out the outage

    // mesin2's data segments sent during the outage: the first unacknowledged one, again and again
    const rows = tsharkFields(cut.captures[0]!.path!, ['frame.time_epoch', 'tcp.seq_raw'], 'ip.src==172.16.16.102 && tcp.len>0 && tcp.analysis.retransmission');
    const bySeq = new Map<string, number[]>();
    for (const [t, seq] of rows) bySeq.set(seq!, [...(bySeq.get(seq!) ?? []), Number(t)]);
    const [, times] = [...bySeq].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(times.length).toBeGreaterThanOrEqual(3);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]! / gaps[i - 1]!).toBeCloseTo(2, 2);
    expect(gaps[0]!).toBeGreaterThanOrEqual(0.2 * 2 - 1e-6); // the second backoff step of an RTO ≥ TCP_RTO_MIN
  });
});
