import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { socketInfo } from '../src/programs/progjar/socket-info.ts';

const remoteHosts = ['www.espnfc.com', 'www.its.ac.id'];

export default defineScenario({
  name: 'socket-info',
  summary: 'socket_info.py on mesin1 and on mesin2: hostname, DNS lookups through Docker\'s DNS, getaddrinfo',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'socket_info.py', at: '1s', run: socketInfo({ remoteHosts }) },
    { on: 'mesin2', name: 'socket_info.py', at: '1s', run: socketInfo({ remoteHosts }) },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'any' },
  ],
});
