/**
 * Urgent data (send/recv with MSG_OOB, SO_OOBINLINE, select's exceptional set) against real
 * Linux: the namespace lab's recordings in test/fixtures/real/oob (tools/netns-lab/oob.sh, Linux
 * 6.18.44, FACTS.md there) and the same two programs through the Python bridge, with the
 * recording machine's kernel, CPU profile and veth links. The server prints what each call
 * returned; its lines must be the recording's, and every TCP segment the server's eth1 saw must
 * carry the same flags (URG among them), relative sequence number, length and urgent pointer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VETH_HOP } from '../../src/sim/link.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';
import { LAB_PROGRAMS, onLab, runPy } from '../pybridge/run-world.ts';

/** the recorded cases (oob.sh): the server's mode and the client's message */
const CASES = [
  { name: 'one', mode: 'plain', message: 'hello |!!|world' },
  { name: 'inline', mode: 'inline', message: 'hello |!!|world' },
  { name: 'two', mode: 'plain', message: 'ab|!X|cd|!Y|ef' },
  { name: 'big', mode: 'plain', message: 'ab|!#5000|cd' },
] as const;

const FIELDS = ['tcp.srcport', 'tcp.flags.str', 'tcp.seq', 'tcp.len', 'tcp.urgent_pointer', 'tcp.ack'];

/** each TCP segment as `server|client FLAGS seq len urg ack` (the ports the kernels chose left out) */
function segments(pcap: string): string[] {
  return tsharkFields(pcap, FIELDS, 'tcp').map(([src, flags, ...rest]) => `${src === '10000' ? 'server' : 'client'} ${flags} ${rest.join(' ')}`);
}

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/real/oob', name);

describe.skipIf(!hasTshark())('urgent data on labwire = the namespace lab (test/fixtures/real/oob)', () => {
  it.each(CASES)('$name: the server reads what it read on Linux, and the wire carries the same URG segments', async ({ name, mode, message }) => {
    const links = { progjar: VETH_HOP };
    const run = await runPy({ ...onLab(`oob-${name}`, ['mesin1']), kernel: 'linux-6.18', cpu: 'python3', links }, [
      { on: 'mesin1', file: join(LAB_PROGRAMS, 'oob_server.py'), args: ['10000', mode], daemon: true },
      { on: 'mesin2', file: join(LAB_PROGRAMS, 'oob_client.py'), args: ['172.16.16.101', '10000', message], at: 0.5e9 },
    ]);
    const server = run.transcript.filter((l) => l.includes(' mesin1 ') && l.includes(' stdout ')).map((l) => l.replace(/^\S+ mesin1 \S+ stdout /, ''));
    expect(server.join('\n') + '\n').toBe(readFileSync(fixture(`${name}.server.txt`), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'labwire-oob-'));
    const pcap = join(dir, 'mesin1.pcap');
    writeFileSync(pcap, run.captures[0]!);
    const ours = segments(pcap);
    const real = segments(realCapturePath(`oob/${name}.mesin1-eth1.pcap`));
    expect(ours).toEqual(real);
    expect(real.filter((s) => s.split(' ')[1]!.includes('U')).length).toBeGreaterThan(0); // URG was on the wire
  });
});

describe('urgent data: the calls around it, as Linux answers them (tcp_recv_urg, SIOCATMARK, tcp_poll)', async () => {
  const { defineScenario } = await import('../../src/sim/scenario.ts');
  const { progjar } = await import('../../src/labs/progjar/lab.ts');
  const { runScenario } = await import('../../src/sim/run-scenario.ts');
  const { MSG_DONTWAIT, MSG_OOB, MSG_PEEK, POLLIN, POLLPRI, SIOCATMARK, SIOCINQ } = await import('../../src/stack/abi/linux.ts');
  const { EAGAIN, EINVAL } = await import('../../src/stack/abi/errno.ts');
  const log: string[] = [];
  const scenario = defineScenario({
    name: 'urgent-calls', summary: 'MSG_OOB edge cases', lab: progjar, kernel: 'linux-6.18',
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket, time, sys }) => {
          const ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await ls.bind(['0.0.0.0', 10000]);
          ls.listen(1);
          const [c] = await ls.accept();
          const fd = c.fileno();
          const text = (b: Uint8Array) => JSON.stringify(new TextDecoder().decode(b));
          const note = (what: string, r: unknown) =>
            log.push(`${what} ${r instanceof Uint8Array ? text(r) : r && typeof r === 'object' && 'data' in r ? text((r as { data: Uint8Array }).data) : String(r)}`);
          // nothing urgent yet: EINVAL, never a wait
          note('oob-before', await sys.recvfrom(fd, 1, MSG_OOB));
          await time.sleep(0.1); // 'abc' then urgent '!' arrived
          note('mask', (sys.pollMask(fd) & (POLLIN | POLLPRI)) === (POLLIN | POLLPRI));
          note('atmark-before', sys.ioctl(fd, SIOCATMARK));
          note('inq-before', sys.ioctl(fd, SIOCINQ));
          note('peek', await sys.recvfrom(fd, 10, MSG_PEEK));
          note('read', await c.recv(10));
          note('atmark-at', sys.ioctl(fd, SIOCATMARK));
          note('inq-at', sys.ioctl(fd, SIOCINQ));
          // the urgent byte alone: not readable (POLLIN waits for one more byte), POLLPRI
          note('mask-at', sys.pollMask(fd) & (POLLIN | POLLPRI));
          note('oob-peek', await sys.recvfrom(fd, 1, MSG_OOB | MSG_PEEK));
          note('oob', await sys.recvfrom(fd, 1, MSG_OOB));
          note('oob-again', await sys.recvfrom(fd, 1, MSG_OOB));
          note('nb-read', await sys.recvfrom(fd, 10, MSG_DONTWAIT));
          await time.sleep(0.1); // 'def' came
          note('inq-def', sys.ioctl(fd, SIOCINQ));
          note('read-after', await c.recv(10));
          note('atmark-after', sys.ioctl(fd, SIOCATMARK));
          c.close();
          ls.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 0.5e9, run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', 10000]);
          await s.send(new TextEncoder().encode('abc'));
          await s.send(new TextEncoder().encode('!'), socket.MSG_OOB);
          await time.sleep(0.15);
          await s.send(new TextEncoder().encode('def'));
          await time.sleep(0.1);
          s.close();
        },
      },
    ],
    captures: [],
  });
  await runScenario(scenario, { seed: 1 });
  /** what the server noted under `k` */
  const by = (k: string) => log.find((l) => l.startsWith(`${k} `))!.slice(k.length + 1);

  it('recv(MSG_OOB) says EINVAL before any urgent pointer, EAGAIN never blocks, and the byte once read is gone', () => {
    expect(log[0]).toBe(`oob-before ${-EINVAL}`);
    expect(log.find((l) => l.startsWith('oob-again'))).toBe(`oob-again ${-EINVAL}`);
    expect(log.find((l) => l.startsWith('nb-read'))).toBe(`nb-read ${-EAGAIN}`);
  });

  it('a read stops at the mark, MSG_PEEK too; SIOCATMARK says 1 there; POLLIN needs a byte past the urgent one', () => {
    expect(by('mask')).toBe('true');
    expect(by('atmark-before')).toBe('0');
    expect(by('peek')).toBe('"abc"');
    expect(by('read')).toBe('"abc"');
    expect(by('atmark-at')).toBe('1');
    expect(Number(by('mask-at'))).toBe(POLLPRI);
    expect(by('oob-peek')).toBe('"!"');
    expect(by('oob')).toBe('"!"');
    expect(by('read-after')).toBe('"def"');
  });

  it('SIOCINQ counts up to the mark while an urgent byte lies ahead (tcp_inq: 3 then 0, as Python\'s FIONREAD on Linux 6.18)', () => {
    expect(by('inq-before')).toBe('3');
    expect(by('inq-at')).toBe('0');
    // the non-blocking read at the mark skipped the urgent byte: no mark is left, all of 'def' counts
    expect(by('inq-def')).toBe('3');
    expect(by('atmark-after')).toBe('0');
  });
});

describe('recvmsg() on a stream socket with MSG_OOB: msg_flags says MSG_OOB (tcp_recv_urg)', () => {
  it('prints what Python prints on Linux 6.18 (checked in a namespace: 0, then 1 for the urgent byte, then 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-oobmsg-'));
    writeFileSync(join(dir, 'server.py'), [
      'import socket, time',
      'ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ls.bind(("0.0.0.0", 9100)); ls.listen(1)',
      'c, _ = ls.accept(); time.sleep(0.2)',
      'print(c.recvmsg(100)); print(c.recvmsg(1, 0, socket.MSG_OOB)); print(c.recvmsg(100))',
    ].join('\n') + '\n');
    writeFileSync(join(dir, 'client.py'), [
      'import socket, time',
      's = socket.socket(); s.connect(("172.16.16.101", 9100)); s.send(b"ab"); s.send(b"!", socket.MSG_OOB); s.send(b"cd"); time.sleep(0.3); s.close()',
    ].join('\n') + '\n');
    const run = await runPy({ ...onLab('oob-recvmsg', []), kernel: 'linux-6.18' }, [
      { on: 'mesin1', file: join(dir, 'server.py'), args: [], daemon: true },
      { on: 'mesin2', file: join(dir, 'client.py'), args: [], at: 0.1e9 },
    ]);
    const out = run.transcript.filter((l) => l.includes(' mesin1 ') && l.includes(' stdout ')).map((l) => l.replace(/^\S+ mesin1 \S+ stdout /, ''));
    expect(out).toEqual(["(b'ab', [], 0, None)", "(b'!', [], 1, None)", "(b'cd', [], 0, None)"]);
  });
});
