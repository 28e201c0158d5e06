import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';
import { bigMessage } from './echo-2mb.ts';

export default defineScenario({
  name: 'echo-20mb',
  summary: 'the lab client pattern with a 20 MB message: both sides block once the queues fill (a stall report)',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
    { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: bigMessage(20 * 1024 * 1024), logChunks: false }) },
  ],
  captures: [{ on: 'mesin2', iface: 'eth1' }],
});
