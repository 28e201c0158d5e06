import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';
import { MESSAGE } from './echo.ts';

export default defineScenario({
  name: 'echo-two-clients',
  summary: 'mesin2 and mesin3 connect 0.1 ms apart to the iterative listen(1) server on mesin1',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
    { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: MESSAGE }) },
    { on: 'mesin3', name: 'client.py', at: '1.0001s', run: echoClient({ server: '172.16.16.101', port: 10000, message: MESSAGE }) },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
    { on: 'mesin3', iface: 'eth1' },
  ],
});
