/**
 * The bulk transfer the speed figures are measured on: N bytes from mesin2 to mesin1 over the
 * lab's bridge, 64 KiB reads, mesin2's eth1 captured whole, GSO on (Linux's veth
 * default: super-segments) or off (every MSS-sized frame simulated and captured). Shared by
 * bulk.bench.ts and `node bench/profile-bulk.ts` (the CPU profile of the same run).
 */
import { runScenario, GSO_MAX_SIZE } from '../../src/sim/run-scenario.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import { TcpLayer } from '../../src/stack/tcp/layer.ts';
import type { Program } from '../../src/stack/socket/context.ts';

/** The payload exists before the clock starts (a real sender's data is in memory already). */
export const bulkSender = (payload: Uint8Array): Program => async ({ socket }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.connect(['172.16.16.101', 5001]);
  await s.sendall(payload);
  s.close();
};

export const bulkReceiver: Program = async ({ socket }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.bind(['0.0.0.0', 5001]);
  s.listen(1);
  const [c] = await s.accept();
  while ((await c.recv(65536)).length) { /* drain */ }
  c.close();
};

export function bulkPayload(bytes: number): Uint8Array {
  const payload = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) payload[i] = i >>> 12; // touch every page
  return payload;
}

export interface BulkRun {
  readonly frames: number;
  readonly events: number;
  readonly pcapBytes: number;
}

export async function runBulk(payload: Uint8Array, gso: boolean): Promise<BulkRun> {
  const sc = defineScenario({
    name: 'bench-bulk', summary: `${payload.length} bytes from mesin2 to mesin1`, lab: progjar,
    programs: [
      { on: 'mesin1', name: 'receiver', run: bulkReceiver },
      { on: 'mesin2', name: 'sender', at: 1e6, run: bulkSender(payload) },
    ],
    captures: [{ on: 'mesin2', iface: 'eth1' }],
  });
  const makeTcp = gso ? undefined : (services: ConstructorParameters<typeof TcpLayer>[0], profile: ConstructorParameters<typeof TcpLayer>[1]) => new TcpLayer(services, profile, { gsoMaxSize: 0 });
  const run = await runScenario(sc, { seed: 1, makeTcp });
  const client = run.result.processes.find((p) => p.name === 'sender')!;
  if (client.state !== 'done') throw new Error(`bulk run: the sender ended ${client.state}`);
  return { frames: run.captures[0]!.packets, events: run.result.events, pcapBytes: run.captures[0]!.bytes!.length };
}

export { GSO_MAX_SIZE };
