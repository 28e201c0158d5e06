import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from './progjar/lab.ts';
import { echoClient } from './progjar/programs/echo.ts';
import { threadedEchoServer } from './progjar/programs/concurrent.ts';
import { MESSAGE } from './echo.ts';

/** Three clients at once against a thread-per-client server: each gets its own thread and its echo. */
export const threeClients = (port: number) => [
  { on: 'mesin1', name: 'client.py', at: 1e9, run: echoClient({ server: '172.16.16.101', port, message: MESSAGE }) },
  { on: 'mesin2', name: 'client.py', at: 1e9 + 1e5, run: echoClient({ server: '172.16.16.101', port, message: MESSAGE }) },
  { on: 'mesin3', name: 'client.py', at: 1e9 + 2e5, run: echoClient({ server: '172.16.16.101', port, message: MESSAGE }) },
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
