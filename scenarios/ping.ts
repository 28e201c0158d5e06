import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { ping } from '../src/programs/progjar/ping.ts';

export default defineScenario({
  name: 'ping',
  summary: 'mesin1 pings mesin2 four times over progjar-network (the connectivity check)',
  lab: progjar,
  programs: [{ on: 'mesin1', name: 'ping', at: '1s', run: ping({ host: '172.16.16.102', count: 4 }), cpu: 'iputils' }],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
  // keep capturing long enough to see mesin2 re-probe its stale neighbour (unicast who-has at ~5 s)
  settle: '3s',
});
