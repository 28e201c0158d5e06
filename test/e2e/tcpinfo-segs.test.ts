/**
 * TCP_INFO's segment counters (tcpi_segs_in/out, tcpi_data_segs_in/out: what `ss -ti` shows)
 * against Linux 6.18 (test/fixtures/real/tcpinfo-segs): the recorded programs themselves
 * through the Python bridge print the recording's lines, and the counters follow the wire:
 * every segment a socket sends or receives once, a request's SYN-ACK on no socket's count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onLab, runPy, LAB_PROGRAMS } from '../pybridge/run-world.ts';
import { realCapturePath } from '../helpers/codec.ts';

const recorded = (who: string) => readFileSync(realCapturePath(`tcpinfo-segs/${who}.txt`), 'utf8').trim();

describe('TCP_INFO segment counters against test/fixtures/real/tcpinfo-segs', () => {
  for (const cpu of ['none', 'python3']) {
    it(`the echo's counters are Linux's on both ends (--cpu ${cpu})`, async () => {
      const base = { ...onLab('tcpinfo-segs', []), kernel: 'linux-6.18', cpu, links: { progjar: { latency: 3235, bandwidth: Infinity } } };
      const r = await runPy(base, [
        { on: 'mesin1', file: `${LAB_PROGRAMS}/segs_server.py` },
        { on: 'mesin2', file: `${LAB_PROGRAMS}/segs_client.py`, args: ['172.16.16.101'], at: '1s' },
      ]);
      const line = (host: string) => r.run.result.transcript.find((l) => l.host === host && l.text.includes('segs_out'))!.text;
      expect(line('mesin1')).toBe(recorded('server'));
      expect(line('mesin2')).toBe(recorded('client'));
    }, 60_000);
  }
});
