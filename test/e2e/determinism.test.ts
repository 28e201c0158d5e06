import { describe, expect, it } from 'vitest';
import ping from '../../scenarios/ping.ts';
import echo from '../../scenarios/echo.ts';
import { runToFiles, sha256 } from '../helpers/scenario.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';

async function frames(path: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const e of readCaptureFile(path)) if (e.kind === 'record') out.push(e.data.slice());
  return out;
}

describe('determinism', () => {
  for (const sc of [ping, echo]) {
    it(`${sc.name}: the same seed gives byte-identical captures (SHA-256) in every format`, async () => {
      for (const format of ['pcap', 'pcap-ns', 'pcapng'] as const) {
        const a = await runToFiles(sc, 42, format);
        const b = await runToFiles(sc, 42, format);
        expect(a.captures.map((c) => sha256(c.path!))).toEqual(b.captures.map((c) => sha256(c.path!)));
        expect(a.result.transcript).toEqual(b.result.transcript);
      }
    });
  }

  it('echo: another seed changes ports, ISNs, IP ids and timestamps but not the shape of the exchange', async () => {
    const a = await runToFiles(echo, 1);
    const b = await runToFiles(echo, 2);
    const fa = await frames(a.captures[1]!.path!);
    const fb = await frames(b.captures[1]!.path!);
    expect(sha256(a.captures[1]!.path!)).not.toBe(sha256(b.captures[1]!.path!));
    expect(fa.map((f) => f.length)).toEqual(fb.map((f) => f.length));
    // Ethernet addresses and the lab's addresses do not depend on the seed
    expect(fa.map((f) => f.subarray(0, 12).join())).toEqual(fb.map((f) => f.subarray(0, 12).join()));
  });
});
