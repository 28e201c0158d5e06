/**
 * N clients at once against the course's concurrent echo servers on mesin1: threads of client
 * programs on mesin2 and mesin3 each connect, send 32 bytes, read the echo and close, all
 * started within the same millisecond (after one warm-up connection per machine), so every
 * connection is open at once. A process may hold 1 024 fds (RLIMIT_NOFILE, as on Linux), so
 * clients come in groups of 500, each group one client process and its own server process
 * (port 10000 + group). Shared by concurrent.bench.ts and bench/profile-concurrent.ts.
 */
import { runScenario } from '../../src/sim/run-scenario.ts';
import { defineScenario, type ProgramSpec } from '../../src/sim/scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import { selectorsEchoServer, threadedEchoServer } from '../../src/programs/progjar/concurrent.ts';
import type { Program } from '../../src/stack/socket/context.ts';

const MESSAGE = new TextEncoder().encode('0123456789abcdef0123456789abcdef');

const manyClients = (n: number, port: number): Program => async ({ socket, threading }) => {
  const one = async () => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    await s.connect(['172.16.16.101', port]);
    await s.sendall(MESSAGE);
    let got = 0;
    while (got < MESSAGE.length) {
      const d = await s.recv(32);
      if (!d.length) break;
      got += d.length;
    }
    s.close();
  };
  const threads = Array.from({ length: n }, (_, i) => threading.Thread({ name: `c${i}`, target: one }));
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
};

export type ServerKind = 'threads' | 'selectors';

export const GROUP = 500;

export async function runConcurrent(n: number, server: ServerKind): Promise<{ events: number; ok: boolean }> {
  // one connection from each client machine first, so ARP has resolved mesin1 before the
  // crowd: thousands of SYNs queued on an unresolved neighbour fail (EHOSTUNREACH), as on Linux
  const programs: ProgramSpec[] = ['mesin2', 'mesin3'].map((on) => ({ on, name: `warm-up-${on}.py`, at: 1e6, run: manyClients(1, 10000) }));
  for (let g = 0; g * GROUP < n; g++) {
    const port = 10000 + g;
    const run = server === 'threads' ? threadedEchoServer({ port }) : selectorsEchoServer({ port });
    programs.push({ on: 'mesin1', name: `server-${g}.py`, daemon: true, run });
    programs.push({ on: g % 2 ? 'mesin3' : 'mesin2', name: `clients-${g}.py`, at: 100e6, run: manyClients(Math.min(GROUP, n - g * GROUP), port) });
  }
  const sc = defineScenario({ name: 'bench-concurrent', summary: `${n} clients against ${server} servers`, lab: progjar, programs, captures: [] });
  const r = await runScenario(sc, { seed: 1 });
  const clients = r.result.processes.filter((p) => p.name.startsWith('clients-'));
  return { events: r.result.events, ok: clients.every((p) => p.state === 'done') && r.result.stall === null };
}
