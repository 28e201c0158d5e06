/**
 * Readers written as programs on the simulated reading host, with the Python-style socket
 * API. The lab's client loop (client.py: recv(16) until all 46 bytes are back) against the
 * echo as the lab's server sent it (server.py's recv(32) cut it into 32 + 14 bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { programRuns, runProgramReader, QUIET, type ProgramReader } from '../../src/testing/index.ts';

const MESSAGE = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ';
const ECHO_WRITES = [MESSAGE.slice(0, 32), MESSAGE.slice(32)];

/** client.py's loop: recv(16) until len(message) bytes have come back */
const labClientLoop: ProgramReader<string> = async (sock, { py, logging }) => {
  logging.basicConfig({ level: logging.INFO });
  let amountReceived = 0;
  let text = '';
  while (amountReceived < MESSAGE.length) {
    const data = await sock.recv(16);
    amountReceived += data.length;
    text += py.decode(data);
    logging.info(py.repr(data));
    if (!data.length) break;
  }
  return text;
};

/** the same client with one recv(46): one read is assumed to bring the whole echo */
const oneRecv: ProgramReader<string> = async (sock, { py }) => py.decode(await sock.recv(46));

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labwire-testing-'));
  process.env.LABWIRE_CAPTURE_DIR = dir;
});
afterAll(() => {
  delete process.env.LABWIRE_CAPTURE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe('programRuns', () => {
  it('runs the lab client loop as the lab saw it: 16, 16 and 14 bytes', async () => {
    const run = await runProgramReader(ECHO_WRITES, { ...QUIET, seed: 1, readPauses: [0] }, labClientLoop);
    expect(run.error).toBeUndefined();
    expect(run.result).toBe(MESSAGE);
    expect(run.chunks.map((c) => c.length)).toEqual([16, 16, 14]);
    expect(run.transcript).toEqual(["INFO:root:b'INI ADALAH DATA '", "INFO:root:b'YANG DIKIRIM ABC'", "INFO:root:b'DEFGHIJKLMNOPQ'"]);
  });

  it('the lab client loop, recv(16) until 46 bytes, gets the whole echo under every drawn condition', async () => {
    await fc.assert(fc.asyncProperty(programRuns(ECHO_WRITES, labClientLoop), async (c) => {
      const run = await c.run();
      expect(run.error).toBeUndefined();
      expect(run.result).toBe(MESSAGE);
    }), { seed: 5, numRuns: 200 });
  });

  it('the same client with one recv(46) fails, and the report holds the run and its capture', async () => {
    let message = '';
    try {
      await fc.assert(fc.asyncProperty(programRuns(ECHO_WRITES, oneRecv), async (c) => {
        expect((await c.run()).result).toBe(MESSAGE);
      }), { seed: 5, numRuns: 200 });
    } catch (e) {
      message = String(e);
    }
    expect(message).toMatch(/Counterexample: \[ProgramRun\(1 read \[\d+ bytes\]/);
    expect(message).toMatch(/seed \d+, mss \d+/);
    const path = /capture: (\S+\.pcap)/.exec(message)?.[1];
    expect(path && existsSync(path)).toBe(true);
    const seed = /"seed":(\d+)/.exec(message)?.[1];
    expect(basename(path!)).toMatch(new RegExp(`^program-run-seed${seed}-[0-9a-f]{8}\\.pcap$`));
    expect(message).toMatch(new RegExp(`reproduce with: runProgramReader\\(writes, \\{"seed":${seed},.*\\}, program\\): the simulation seed ${seed} .*this run; fast-check's seed and path`));
  });

  it('names a capture by the seed and a hash of the run: two readers with the same parameters get two files', async () => {
    const params = { ...QUIET, seed: 1 };
    const one = fc.sample(programRuns(ECHO_WRITES, oneRecv, { params }), { seed: 1, numRuns: 1 })[0]!;
    const loop = fc.sample(programRuns(ECHO_WRITES, labClientLoop, { params }), { seed: 1, numRuns: 1 })[0]!;
    const [a, b] = [await one.saveCapture(), await loop.saveCapture()];
    expect(basename(a)).toMatch(/^program-run-seed1-[0-9a-f]{8}\.pcap$/);
    expect(b).not.toBe(a);
    expect(await one.saveCapture()).toBe(a);
  });
});
