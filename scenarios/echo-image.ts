import { defineScenario, defineLab } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { echoClient, echoServer } from '../src/programs/progjar/echo.ts';
import { gradientPng } from './progjar/files.ts';

const lab = defineLab({
  ...progjar,
  machines: { ...progjar.machines, mesin2: { ...progjar.machines.mesin2!, files: { '/home/jovyan/work/gambar.png': gradientPng() } } },
});

export default defineScenario({
  name: 'echo-image',
  summary: 'mesin2 sends gambar.png through the echo server and writes what comes back to gambar_kembali.png',
  lab,
  programs: [
    { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
    {
      on: 'mesin2', name: 'client_file.py', at: '1s',
      run: echoClient({ server: '172.16.16.101', port: 10000, file: '/home/jovyan/work/gambar.png', saveAs: '/home/jovyan/work/gambar_kembali.png', logChunks: false }),
    },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
