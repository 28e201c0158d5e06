/**
 * Servers that serve several clients at once (thread per client, select(), selectors): three
 * clients on mesin1–3 each get their message back, and every run gives the same transcripts and
 * captures. A program that starts a handler without a thread (an un-awaited async call that
 * blocks while the main thread blocks too) fails naming itself and both calls.
 */
import { describe, expect, it } from 'vitest';
import threads from '../../scenarios/echo-threads.ts';
import selectServer from '../../scenarios/echo-select.ts';
import selectorsServer from '../../scenarios/echo-selectors.ts';
import { MESSAGE } from '../../scenarios/echo.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import { echoClient } from '../../src/programs/progjar/echo.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import type { Program } from '../../src/stack/socket/context.ts';
import { runToFiles, sha256, transcriptOf } from '../helpers/scenario.ts';

const echoed = ['INFO:root:b\'INI ADALAH DATA \'', 'INFO:root:b\'YANG DIKIRIM ABC\'', 'INFO:root:b\'DEFGHIJKLMNOPQ\''];

describe('servers with several clients at once', () => {
  for (const sc of [threads, selectServer, selectorsServer]) {
    it(`${sc.name}: each of the three clients gets its echo, and the server saw three connections`, async () => {
      const run = await runScenario(sc, { seed: 1 });
      expect(run.result.stall).toBeNull();
      for (const host of ['mesin2', 'mesin3']) expect(transcriptOf(run, host).filter((l) => l.startsWith('INFO:root:b\''))).toEqual(echoed);
      const server = run.result.transcript.filter((l) => l.program !== 'client.py').map((l) => l.text);
      expect(server.filter((l) => l.includes('connection from'))).toHaveLength(3);
      expect(server.filter((l) => l.endsWith('closed'))).toHaveLength(3);
    });

    it(`${sc.name}: two runs with one seed give identical transcripts and captures`, async () => {
      const a = await runToFiles(sc, 7);
      const b = await runToFiles(sc, 7);
      expect(a.result.transcript).toEqual(b.result.transcript);
      expect(a.captures.map((c) => sha256(c.path!))).toEqual(b.captures.map((c) => sha256(c.path!)));
    });
  }

  it('the thread-per-client server overlaps its clients: a second connection is served while the first is open', async () => {
    // slow clients (a 1 s pause before reading) so every connection is open at once
    const slow: Program = async (ctx) => {
      const s = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
      await s.connect(['172.16.16.101', 10000]);
      await s.sendall(ctx.py.bytes('ping'));
      await ctx.time.sleep(1);
      ctx.print(ctx.py.decode(await s.recv(16)));
      s.close();
    };
    const sc = defineScenario({
      ...threads,
      name: 'echo-threads-overlap',
      programs: [threads.programs[0]!, ...['mesin1', 'mesin2', 'mesin3'].map((on, i) => ({ on, name: 'slow.py', at: 1e9 + i * 1e6, run: slow }))],
    });
    const run = await runScenario(sc, { seed: 1 });
    const received = run.result.transcript.filter((l) => l.program === 'server_thread.py' && l.text.includes('received')).map((l) => l.at);
    const closed = run.result.transcript.filter((l) => l.program === 'server_thread.py' && l.text.endsWith('closed')).map((l) => l.at);
    expect(received).toHaveLength(3);
    expect(Math.max(...received)).toBeLessThan(Math.min(...closed));
    expect(run.result.transcript.filter((l) => l.program === 'slow.py').map((l) => l.text)).toEqual(['ping', 'ping', 'ping']);
  });

  it('a handler started without a thread fails naming the program and both calls', async () => {
    const unawaited: Program = async ({ socket }) => {
      const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      await sock.bind(['0.0.0.0', 10000]);
      sock.listen(5);
      for (;;) {
        const [conn] = await sock.accept();
        void (async () => {
          for (let d = await conn.recv(32); d.length; d = await conn.recv(32)) await conn.sendall(d);
        })();
      }
    };
    const sc = defineScenario({
      name: 'unawaited', summary: 'an un-awaited handler', lab: progjar,
      programs: [
        { on: 'mesin1', name: 'server.py', daemon: true, run: unawaited },
        { on: 'mesin2', name: 'client.py', at: 1e9, run: echoClient({ server: '172.16.16.101', port: 10000, message: MESSAGE }) },
      ],
      captures: [],
    });
    const run = await runScenario(sc, { seed: 1 });
    const server = run.result.processes.find((p) => p.name === 'server.py')!;
    expect(server.state).toBe('failed');
    expect(String(server.error)).toMatch(/accept\(\) was called while recv\(32\) still waits in the same thread of server\.py.*start a thread/);
  });
});
