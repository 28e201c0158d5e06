import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { selectEchoServer } from '../src/programs/progjar/concurrent.ts';
import { threeClientCaptures, threeClients } from './echo-threads.ts';

export default defineScenario({
  name: 'echo-select',
  summary: 'a select() echo server on mesin1 serving clients on mesin1, mesin2 and mesin3 from one thread',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server_select.py', daemon: true, run: selectEchoServer({ port: 10000 }) },
    ...threeClients(10000),
  ],
  captures: threeClientCaptures,
});
