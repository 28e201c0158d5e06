import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { socketInfo } from '../src/programs/progjar/socket-info.ts';

export default defineScenario({
  name: 'socket-info-typo',
  summary: 'socket_info.py on mesin1 with the typo host www.espnfc.cosm (NXDOMAIN)',
  lab: progjar,
  programs: [{ on: 'mesin1', name: 'socket_info.py', at: '1s', run: socketInfo({ remoteHosts: ['www.espnfc.cosm', 'www.its.ac.id'] }) }],
  captures: [{ on: 'mesin1', iface: 'any' }],
});
