/**
 * TCP through the whole simulator (kernels, ARP, bridges, loss), for arbitrary messages,
 * write sizes, recv sizes, MTU (hence MSS), socket buffer sizes, start times and link loss:
 * every byte arrives once and in order, each recv(n) gives 1..n bytes until the single b''
 * at the end, both sockets end CLOSED or in TIME-WAIT, and the same seed gives the same
 * capture bytes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defineScenario } from '../../src/sim/scenario.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import type { Program } from '../../src/stack/socket/context.ts';

interface Case {
  message: Uint8Array;
  writes: number[];
  recvSizes: number[];
  mtu: number;
  sndbuf: number | null;
  rcvbuf: number | null;
  startNs: number;
  loss: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  message: fc.uint8Array({ minLength: 1, maxLength: 30000 }),
  writes: fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 }),
  recvSizes: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 }),
  mtu: fc.integer({ min: 576, max: 9000 }),
  sndbuf: fc.option(fc.integer({ min: 1024, max: 65536 })),
  rcvbuf: fc.option(fc.integer({ min: 1024, max: 65536 })),
  startNs: fc.integer({ min: 0, max: 50_000_000 }),
  loss: fc.constantFrom(0, 0, 0.02, 0.1),
});

async function runCase(c: Case, seed: number) {
  const reads: number[] = [];
  const asked: number[] = [];
  let received = new Uint8Array(0);
  const server: Program = async ({ socket }) => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    if (c.rcvbuf) s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, c.rcvbuf);
    await s.bind(['0.0.0.0', 7000]);
    s.listen(1);
    const [conn] = await s.accept();
    const parts: Uint8Array[] = [];
    for (let i = 0; ; i++) {
      const n = c.recvSizes[i % c.recvSizes.length]!;
      asked.push(n);
      const d = await conn.recv(n);
      reads.push(d.length);
      if (!d.length) break;
      parts.push(d);
    }
    received = Buffer.concat(parts);
    conn.close();
    s.close();
  };
  const client: Program = async ({ socket }) => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    if (c.sndbuf) s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, c.sndbuf);
    await s.connect(['172.16.16.101', 7000]);
    for (let off = 0, i = 0; off < c.message.length; i++) {
      const n = Math.min(c.writes[i % c.writes.length]!, c.message.length - off);
      await s.sendall(c.message.subarray(off, off + n));
      off += n;
    }
    s.close();
  };
  const sc = defineScenario({
    name: 'tcp-property', summary: '', lab: progjar,
    // loss on IPv4 frames only: three lost ARP requests would end the connect with EHOSTUNREACH, as on Linux
    links: { progjar: { mtu: c.mtu, loss: c.loss, lossIpOnly: true } },
    programs: [
      { on: 'mesin1', name: 'server', run: server },
      { on: 'mesin2', name: 'client', at: c.startNs + 1_000_000, run: client },
    ],
    captures: [{ on: 'mesin2', iface: 'eth1' }],
    // long enough for RTO backoff after a lost handshake segment (3 s initial RTO, doubling)
    settle: 200e9,
  });
  const run = await runScenario(sc, { seed });
  return { run, reads, asked, received };
}

describe('TCP through the simulator, for any messages, chunkings, MSS, buffers and loss', () => {
  it('delivers every byte once and in order; recv(n) gives 1..n bytes, then one b\'\'; both ends close', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.nat(), async (c, seed) => {
        const { run, reads, asked, received } = await runCase(c, seed);
        expect(run.result.stall).toBeNull();
        expect(Buffer.from(received).equals(Buffer.from(c.message))).toBe(true);
        reads.slice(0, -1).forEach((n, i) => {
          expect(n).toBeGreaterThanOrEqual(1);
          expect(n).toBeLessThanOrEqual(asked[i]!);
        });
        expect(reads[reads.length - 1]).toBe(0);
        for (const host of ['mesin1', 'mesin2']) {
          const states = [...(run.result.processes.filter((p) => p.host === host && !p.daemon))].map((p) => p.state);
          expect(states).toEqual(['done']);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('ends with every TCP socket CLOSED or in TIME-WAIT', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.nat(), async (c, seed) => {
        const { run } = await runCase(c, seed);
        const world = run.result;
        expect(world.stall).toBeNull();
        const left = run.tcpRows.flatMap((h) => h.rows).filter((r) => r.state !== 'TIME-WAIT' && r.state !== 'CLOSED' && r.state !== 'TIME_WAIT');
        expect(left).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it('gives byte-identical captures for the same seed', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.nat(), async (c, seed) => {
        const a = await runCase(c, seed);
        const b = await runCase(c, seed);
        expect(Buffer.from(a.run.captures[0]!.bytes!).equals(Buffer.from(b.run.captures[0]!.bytes!))).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});
