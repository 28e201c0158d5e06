/**
 * The lab machines' own names (the compose services mesin1..3) resolve through Docker's
 * embedded DNS, which answers them itself: the address on the machine's default-route network
 * (eth0), no upstream query on the wire, and a client can connect by name.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { formatIpv4Addr } from '../../src/stack/wire/addr.ts';
import { runToFiles } from '../helpers/scenario.ts';

const names = defineScenario({
  name: 'dns-names', summary: 'mesin2 looks up mesin1 and mesin3, then connects to mesin1 by name', lab: progjar,
  programs: [
    {
      on: 'mesin1', name: 'server', daemon: true, run: async ({ socket }) => {
        const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
        await s.bind(['0.0.0.0', 10000]);
        s.listen(1);
        const [c, peer] = await s.accept();
        await c.sendall(new TextEncoder().encode(`hello ${peer[0]}`));
        c.close();
      },
    },
    {
      on: 'mesin2', name: 'client', at: 1e9, run: async ({ socket, print }) => {
        print(await socket.gethostbyname('mesin1'));
        print(await socket.gethostbyname('MESIN3'));
        const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
        await s.connect(['mesin1', 10000]);
        print(new TextDecoder().decode(await s.recv(100)));
        s.close();
      },
    },
  ],
  captures: [{ on: 'mesin2', iface: 'any' }],
});

describe("the lab machines' names", () => {
  it('resolve to their eth0 addresses, answered on lo by the embedded DNS alone', async () => {
    const run = await runToFiles(names, 1);
    expect(run.result.transcript.filter((l) => l.host === 'mesin2').map((l) => l.text)).toEqual(['172.20.0.3', '172.20.0.5', 'hello 172.20.0.4']);
    const ends: string[] = [];
    for (const e of readCaptureFile(run.captures[0]!.path!)) {
      if (e.kind !== 'record') continue;
      const f = dissectFrame(e.data, e.linkType);
      if (f.udp && f.ipv4) ends.push(`${formatIpv4Addr(f.ipv4.src)}>${formatIpv4Addr(f.ipv4.dst)}`);
    }
    // every lookup stays on lo: nothing goes to the upstream resolver
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.every((x) => x === '127.0.0.1>127.0.0.11' || x === '127.0.0.11>127.0.0.1')).toBe(true);
  });
});
