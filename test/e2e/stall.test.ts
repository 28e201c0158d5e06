/**
 * The lab's client pattern (sendall everything, then read) against the recv(32) echo server
 * stalls once both directions' queues are full: the client blocks in sendall because the
 * server stopped reading, and the server stopped reading because it blocks in sendall to a
 * client that is not reading. Measured on real Linux in test/fixtures/real/stall (network
 * namespaces, WSL2-like sysctls, cubic): between mesin2 and mesin1 the queues hold about
 * 1.1 MB when it stalls (client Send-Q 663616, server Send-Q 311320, Recv-Q 72960 / 109712
 * for the 4 MiB run), so 4 MiB and everything above it stall. Over loopback (MSS 65483) the
 * queues hold more: this machine's kernel echoed 5 MiB and stalled at 7 MiB.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/sim/scenario.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { formatStallReport } from '../../src/sim/stall.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import type { Program } from '../../src/stack/socket/context.ts';
import { echoClient, echoServer } from '../../src/programs/progjar/echo.ts';
import { bigMessage } from '../../scenarios/echo-2mb.ts';
import echo20mb from '../../scenarios/echo-20mb.ts';

function lab(bytes: number, over: 'eth1' | 'lo') {
  return defineScenario({
    name: `stall-${bytes}`, summary: '', lab: progjar,
    programs: [
      { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
      {
        on: over === 'lo' ? 'mesin1' : 'mesin2', name: 'client.py', at: 1e9,
        run: echoClient({ server: over === 'lo' ? '127.0.0.1' : '172.16.16.101', port: 10000, message: bigMessage(bytes), logChunks: false }),
      },
    ],
    captures: [],
  });
}

const MiB = 1024 * 1024;

describe('the echo client pattern with large messages', () => {
  it('completes below the threshold between two machines (1 MiB) and over loopback (5 MiB)', async () => {
    for (const [bytes, over] of [[MiB, 'eth1'], [5 * MiB, 'lo']] as const) {
      const run = await runScenario(lab(bytes, over), { seed: 3 });
      expect(run.result.stall).toBeNull();
      const client = run.result.processes.find((p) => p.name === 'client.py')!;
      expect(client.state).toBe('done');
      expect(run.result.transcript.filter((l) => l.program === 'client.py').at(-1)!.text).toBe('INFO:root:closing');
    }
  });

  it('stalls above it (4 MiB between machines, 8 MiB over loopback) instead of hanging', async () => {
    for (const [bytes, over] of [[4 * MiB, 'eth1'], [8 * MiB, 'lo']] as const) {
      const run = await runScenario(lab(bytes, over), { seed: 3 });
      expect(run.result.stall).not.toBeNull();
    }
  });

  describe('labwire run echo-20mb', async () => {
    const run = await runScenario(echo20mb, { seed: 1 });
    const stall = run.result.stall!;

    it('ends with a stall report, not a hang', () => {
      expect(stall).not.toBeNull();
      expect(stall.reason).toMatch(/no program made progress/);
    });

    it('names the calls the programs are blocked in: both in sendall', () => {
      const calls = stall.blocked.filter((b) => b.program === 'client.py' || b.program === 'server.py').map((b) => `${b.host} ${b.program} ${b.call.split('(')[0]}`);
      expect(calls.sort()).toEqual(['mesin1 server.py sendall', 'mesin2 client.py sendall']);
      const client = stall.blocked.find((b) => b.program === 'client.py')!;
      expect(client.call).toMatch(/^sendall\(20971520 bytes, \d+ sent\)$/);
    });

    it('lists each socket\'s queues as ss -tn would, in the range real Linux shows (test/fixtures/real/stall/wsl2)', () => {
      const est = stall.sockets.flatMap((s) => s.rows.filter((r) => r.state === 'ESTAB').map((r) => ({ host: s.host, ...r })));
      expect(est.map((r) => r.host).sort()).toEqual(['mesin1', 'mesin2']);
      const server = est.find((r) => r.host === 'mesin1')!;
      const client = est.find((r) => r.host === 'mesin2')!;
      expect(server.local).toBe('172.16.16.101:10000');
      // real (4 MiB run, WSL2-like): client Send-Q 663616, server Send-Q 311320, Recv-Qs 72960 / 109712
      expect(client.sendQ).toBeGreaterThan(400_000);
      expect(client.sendQ).toBeLessThan(1_000_000);
      expect(server.sendQ).toBeGreaterThan(150_000);
      expect(server.sendQ).toBeLessThan(600_000);
      for (const r of [client, server]) {
        expect(r.recvQ).toBeGreaterThan(30_000);
        expect(r.recvQ).toBeLessThan(140_000);
      }
      const text = formatStallReport(stall);
      expect(text).toContain('mesin2$ ss -tn');
      expect(text).toMatch(/ESTAB\s+\d+\s+\d+\s+172\.16\.16\.102:\d+\s+172\.16\.16\.101:10000/);
    });
  });
});

describe('a program blocked for ever when nothing is left to happen', () => {
  it('is a stall with a report naming the call, not a clean end', async () => {
    const server: Program = async ({ socket }) => {
      const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      await s.bind(['0.0.0.0', 7000]);
      s.listen(1);
      await s.accept(); // nobody ever connects
    };
    const sc = defineScenario({ name: 'lonely', summary: '', lab: progjar, programs: [{ on: 'mesin1', name: 'server.py', run: server }], captures: [] });
    const run = await runScenario(sc, { seed: 1 });
    expect(run.result.stall?.reason).toBe('no event can ever wake the waiting programs');
    expect(run.result.stall?.blocked.map((b) => `${b.program} ${b.call}`)).toContain('server.py accept()');
  });
});
