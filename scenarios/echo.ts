import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';

export const MESSAGE = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ';

export default defineScenario({
  name: 'echo',
  summary: 'mesin2 sends 46 bytes to the recv(32) echo server on mesin1:10000',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
    { on: 'mesin2', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port: 10000, message: MESSAGE }) },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
