import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';
import { bigMessage } from './echo-2mb.ts';

export default defineScenario({
  name: 'echo-2mb-local',
  summary: 'the 2 MB echo with client and server both on mesin1 over loopback (big MSS, big queues: it completes)',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
    { on: 'mesin1', name: 'client.py', at: '1s', run: echoClient({ server: '127.0.0.1', port: 10000, message: bigMessage(2 * 1024 * 1024), logChunks: false }) },
  ],
  captures: [{ on: 'mesin1', iface: 'any' }],
});
