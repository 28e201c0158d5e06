import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient } from '../src/programs/progjar/echo.ts';
import { MESSAGE } from './echo.ts';

export default defineScenario({
  name: 'connect-timeout',
  summary: 'client.py with settimeout(5) connects to 172.16.16.150, where no machine answers ARP',
  lab: progjar,
  programs: [{ on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.150', port: 10000, message: MESSAGE, timeout: 5 }) }],
  captures: [
    { on: 'mesin2', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
