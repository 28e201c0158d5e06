import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient } from '../src/programs/progjar/echo.ts';
import { MESSAGE } from './echo.ts';

export default defineScenario({
  name: 'connect-refused',
  summary: 'client.py connects to mesin1:10000 with no server running (RST, Connection refused)',
  lab: progjar,
  programs: [{ on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: MESSAGE }) }],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
