import { defineScenario, type ProgramSpec } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient } from '../src/programs/progjar/echo.ts';
import { threadedEchoServer } from '../src/programs/progjar/concurrent.ts';
import { MESSAGE } from './echo.ts';

/** Three clients at once against a thread-per-client server: each gets its own thread and its echo. */
export const threeClients = (port: number): ProgramSpec[] => [
  { on: 'mesin1', name: 'client.py', at: '1s', run: echoClient({ server: '172.16.16.101', port, message: MESSAGE }) },
  { on: 'mesin2', name: 'client.py', at: '1.0001s', run: echoClient({ server: '172.16.16.101', port, message: MESSAGE }) },
  { on: 'mesin3', name: 'client.py', at: '1.0002s', run: echoClient({ server: '172.16.16.101', port, message: MESSAGE }) },
];

export const threeClientCaptures = [
  { on: 'mesin1', iface: 'any' },
  { on: 'mesin2', iface: 'eth1' },
  { on: 'mesin3', iface: 'eth1' },
] as const;

export default defineScenario({
  name: 'echo-threads',
  summary: 'a thread-per-client echo server on mesin1 with clients on mesin1, mesin2 and mesin3 at once',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'server_thread.py', daemon: true, run: threadedEchoServer({ port: 10000 }) },
    ...threeClients(10000),
  ],
  captures: threeClientCaptures,
});
