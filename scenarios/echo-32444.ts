import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';
import { MESSAGE } from './echo.ts';

export default defineScenario({
  name: 'echo-32444',
  summary: 'the echo task on port 32444',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 32444 }) },
    { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 32444, message: MESSAGE }) },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
