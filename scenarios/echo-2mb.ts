import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';

/** The lab's 2 MB string: the 46-byte message repeated and cut to 2 MiB. */
export function bigMessage(bytes: number): string {
  const unit = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

export default defineScenario({
  name: 'echo-2mb',
  // Between two machines the queues of both directions hold about 1.1 MB on the lab's kernel
  // (measured: test/fixtures/real/stall), so this run stalls and ends with labwire's report.
  summary: 'mesin2 sends a 2 MB string to the recv(32) echo server and reads it back with recv(16) (stalls: queues hold ~1.1 MB)',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
    { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: bigMessage(2 * 1024 * 1024), logChunks: false }) },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
