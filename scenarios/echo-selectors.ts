import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { selectorsEchoServer } from '../src/programs/progjar/concurrent.ts';
import { threeClientCaptures, threeClients } from './echo-threads.ts';

export default defineScenario({
  name: 'echo-selectors',
  summary: 'a selectors (epoll) echo server on mesin1 serving clients on mesin1, mesin2 and mesin3',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server_selectors.py', daemon: true, run: selectorsEchoServer({ port: 10000 }) },
    ...threeClients(10000),
  ],
  captures: threeClientCaptures,
});
