/**
 * Programs in the course's styles, each run twice with one seed: the transcripts and
 * captures must be identical, and each shows the behaviour its task is about.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPy, onLab, PROGRAMS, type PyRun } from './run-world.ts';
import type { PythonProgramEntry } from '../../src/pybridge/scenario.ts';

const py = (f: string) => join(PROGRAMS, f);
const SERVER = '172.16.16.101';

/** run twice; the runs must agree byte for byte; returns the first */
async function twice(name: string, entries: PythonProgramEntry[], captureOn = ['mesin1']): Promise<PyRun> {
  const a = await runPy(onLab(name, captureOn), entries, 11);
  const b = await runPy(onLab(name, captureOn), entries, 11);
  expect(b.transcript).toEqual(a.transcript);
  expect(b.captures).toEqual(a.captures);
  expect(a.report.lines().filter((l) => !/still running/.test(l))).toEqual([]);
  return a;
}

const lines = (r: PyRun, host: string) => r.transcript.filter((l) => l.split(' ')[1] === host).map((l) => l.split(' ').slice(4).join(' '));

function clients(n: number, at = 1e9): PythonProgramEntry[] {
  return ['mesin2', 'mesin3'].slice(0, n).map((on) => ({ on, file: py('echo_client.py'), args: [SERVER, '8889'], at }));
}

describe('course-style Python programs on the lab (two runs, identical)', () => {
  for (const server of ['server_thread.py', 'pool_server.py', 'server_select.py', 'server_selectors.py', 'socketserver_echo.py']) {
    it(`${server} serves two clients`, async () => {
      const r = await twice(server, [{ on: 'mesin1', file: py(server), args: ['8889'], daemon: true }, ...clients(2)]);
      for (const host of ['mesin2', 'mesin3']) {
        const got = lines(r, host).filter((l) => l.startsWith('echo '));
        expect(got).toHaveLength(3);
        expect(got[2]).toMatch(/^echo b'[0-9a-f]+ message 2' at port \d+$/);
      }
      expect(lines(r, 'mesin1').join('\n')).toMatch(/172\.16\.16\.102/);
    }, 60_000);
  }

  it('an asyncio Protocol server and an open_connection client', async () => {
    const r = await twice('asyncio', [
      { on: 'mesin1', file: py('asyncio_server.py'), daemon: true },
      { on: 'mesin2', file: py('asyncio_client.py'), at: 1e9 },
    ]);
    expect(lines(r, 'mesin2').map((l) => l.replace(/ at .*/, ''))).toEqual([0, 1, 2].map((i) => `echo b'asyncio line ${i}\\n'`));
    expect(lines(r, 'mesin1')[0]).toMatch(/^connection from \('172\.16\.16\.102', \d+\)$/);
    expect(lines(r, 'mesin1').at(-1)).toBe('lost None');
  }, 60_000);

  it('an asyncio.start_server stream server and two open_connection clients', async () => {
    const r = await twice('asyncio-streams', [
      { on: 'mesin1', file: py('asyncio_stream_server.py'), daemon: true },
      { on: 'mesin2', file: py('asyncio_client.py'), at: 1e9 },
      { on: 'mesin3', file: py('asyncio_client.py'), at: 1e9 },
    ]);
    for (const host of ['mesin2', 'mesin3']) expect(lines(r, host).map((l) => l.replace(/ at .*/, ''))).toEqual([0, 1, 2].map((i) => `echo b'asyncio line ${i}\\n'`));
    expect(lines(r, 'mesin1').filter((l) => l.startsWith('bye '))).toHaveLength(2);
  }, 60_000);

  it('UDP broadcast on progjar-network reaches both other machines', async () => {
    const r = await twice('broadcast', [
      { on: 'mesin2', file: py('udp_receive.py'), daemon: true },
      { on: 'mesin3', file: py('udp_receive.py'), daemon: true },
      { on: 'mesin1', file: py('udp_broadcast_send.py'), at: 1e9 },
    ], ['mesin1', 'mesin2']);
    for (const host of ['mesin2', 'mesin3']) {
      expect(lines(r, host)).toEqual([0, 1, 2].map((i) => expect.stringMatching(new RegExp(`got b'broadcast ${i}' from \\('172\\.16\\.16\\.101', \\d+\\)$`))));
    }
  }, 60_000);

  it('a UDP file transfer writes the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-udp-'));
    const src = join(dir, 'data.bin');
    writeFileSync(src, Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) & 0xff));
    const r = await twice('udp-file', [
      { on: 'mesin1', file: py('udp_file_recv.py'), args: [join(dir, 'copy.bin')], daemon: true },
      { on: 'mesin2', file: py('udp_file_send.py'), args: [src, SERVER], at: 1e9 },
    ]);
    expect(readFileSync(join(dir, 'copy.bin'))).toEqual(readFileSync(src));
    expect(lines(r, 'mesin2')).toEqual(['sent 10000 bytes']);
  }, 60_000);

  it('a makefile() line client against a makefile() server', async () => {
    const r = await twice('lines', [
      { on: 'mesin1', file: py('line_server.py'), daemon: true },
      { on: 'mesin2', file: py('line_client.py'), at: 1e9 },
    ]);
    expect(lines(r, 'mesin2')).toEqual(['line SATU', 'line DUA', 'line TIGA']);
  }, 60_000);

  it('a sendfile() image client gets its file back identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-img-'));
    const src = join(dir, 'image.png');
    writeFileSync(src, Uint8Array.from({ length: 50_000 }, (_, i) => (i * 13 + (i >> 8)) & 0xff));
    const r = await twice('sendfile', [
      { on: 'mesin1', file: py('server_select.py'), args: ['8889'], daemon: true },
      { on: 'mesin2', file: py('sendfile_client.py'), args: [src, join(dir, 'echo.png')], at: 1e9 },
    ]);
    expect(readFileSync(join(dir, 'echo.png'))).toEqual(readFileSync(src));
    expect(lines(r, 'mesin2')).toEqual(['sent 50000 bytes']);
  }, 60_000);

  it('settimeout() expires: TimeoutError timed out after the timeout', async () => {
    const r = await twice('timeout', [
      { on: 'mesin1', file: py('silent_server.py'), daemon: true },
      { on: 'mesin2', file: py('timeout_client.py'), at: 1e9 },
    ]);
    expect(lines(r, 'mesin2')).toEqual(['ERROR: timed out TimeoutError after 2.5']);
  }, 60_000);

  it('a server closing with unread data resets the connection: the client sees [Errno 104]', async () => {
    const r = await twice('reset', [
      { on: 'mesin1', file: py('rude_server.py'), daemon: true },
      { on: 'mesin2', file: py('reset_client.py'), at: 1e9 },
    ]);
    expect(lines(r, 'mesin2')).toEqual(['ERROR: [Errno 104] Connection reset by peer']);
  }, 60_000);

  it('a busy-loop HTTP-style server answers (its polling advances the clock by quanta)', async () => {
    const r = await twice('busy', [
      { on: 'mesin1', file: py('busy_server.py'), daemon: true },
      { on: 'mesin2', file: py('http_client.py'), at: 200e6 },
    ]);
    expect(lines(r, 'mesin2')).toEqual(['> HTTP/1.0 200 OK', '> Content-Length: 27', '> ', '> hello from the busy server', '']);
    const server = r.run.result.processes.find((p) => p.name === 'busy_server.py')!;
    expect(server.busy?.count).toBeGreaterThan(0);
  }, 120_000);
});
