import { defineLab, defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { socketInfo } from '../src/programs/progjar/socket-info.ts';
import { unresponsiveServer } from '../src/programs/dns-daemons.ts';

/** The same lab with the WSL2 host's DNS switched off: 10.255.255.254 takes queries and answers nothing. */
const lab = defineLab({ ...progjar, upstream: { 'wsl-dns': { address: '10.255.255.254', daemons: [unresponsiveServer()] } } });

export default defineScenario({
  name: 'socket-info-no-resolver',
  summary: 'socket_info.py on mesin1 while the resolver at 10.255.255.254 is off: retries, then [Errno -3]',
  lab,
  programs: [{ on: 'mesin1', name: 'socket_info.py', at: '1s', run: socketInfo({ remoteHosts: ['www.espnfc.com'] }) }],
  captures: [{ on: 'mesin1', iface: 'any' }],
});
