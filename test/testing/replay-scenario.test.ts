/**
 * A chunking run and the same run as a scenario (what `labwire run` executes) put the same
 * frames on the reader's eth0 at the same times: one loop, one set of links, one TCP. Drawn
 * over the conditions tcpChunkings draws, loss included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureBytes } from '../../src/testing/capture.ts';
import { chunkingScenario } from '../../src/testing/scenario.ts';
import { tcpParams } from '../../src/testing/tcp-params.ts';
import { layoutStream } from '../../src/testing/stream.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { readCapture } from '../../src/capture/index.ts';

async function frames(bytes: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  for await (const e of readCapture(bytes)) if (e.kind === 'record') out.push(`${e.sec}.${e.nsec} ${Buffer.from(e.data).toString('hex')}`);
  return out;
}

const enc = new TextEncoder();
const messages = ['INI ADALAH DATA YANG DIKIRIM ABC', 'DEFGHIJKLMNOPQ', 'x'.repeat(5000)].map((m) => enc.encode(m));

describe('a tcpChunkings run replayed as a scenario', () => {
  it('gives the same frames at the same times on the reader\'s eth0', async () => {
    await fc.assert(fc.asyncProperty(tcpParams({ loss: fc.constantFrom(0, 0, 0.05) }), async (params) => {
      const writes = layoutStream(messages).messages;
      const expected = await frames(captureBytes(writes, params));
      const run = await runScenario(chunkingScenario(messages, params), { seed: params.seed });
      const got = await frames(run.captures[0]!.bytes!);
      expect(got).toEqual(expected);
    }), { numRuns: 40, seed: 11 });
  });
});
