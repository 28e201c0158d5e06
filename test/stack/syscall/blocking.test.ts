/**
 * A thread's blocking system calls (src/stack/syscall/blocking.ts) as a program sees them: a
 * call that can complete at once returns its result itself, one that must wait returns a
 * promise that settles when the simulated kernel would return; MSG_WAITALL gathers across
 * waits; a non-blocking fd answers -EAGAIN at once.
 */
import { describe, expect, it } from 'vitest';
import { A, twoHosts } from '../../helpers/world.ts';
import { AF_INET, F_GETFL, F_SETFL, MSG_DONTWAIT, MSG_WAITALL, O_NONBLOCK, POLLIN, SOCK_NONBLOCK, SOCK_STREAM } from '../../../src/stack/abi/linux.ts';
import { EAGAIN } from '../../../src/stack/abi/errno.ts';
import type { Received, Syscalls } from '../../../src/stack/syscall/api.ts';

const PORT = 7000;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (r: Received | number) => (typeof r === 'number' ? `errno ${-r}` : new TextDecoder().decode(r.data));

async function listening(sys: Syscalls): Promise<number> {
  const l = sys.socket(AF_INET, SOCK_STREAM, 0);
  expect(sys.bind(l, { family: AF_INET, addr: 0, port: PORT })).toBe(0);
  expect(sys.listen(l, 8)).toBe(0);
  return l;
}

async function connected(sys: Syscalls, flags = 0): Promise<number> {
  const s = sys.socket(AF_INET, SOCK_STREAM | flags, 0);
  await sys.connect(s, { family: AF_INET, addr: A, port: PORT });
  return s;
}

/** Runs `server` on a and `client` on b; `seen` collects what each noted. */
async function run(server: (sys: Syscalls, note: (s: string) => void) => Promise<void>, client: (sys: Syscalls, note: (s: string) => void) => Promise<void>): Promise<string[]> {
  const w = twoHosts();
  const seen: string[] = [];
  w.spawn('a', 'server', (sys) => server(sys, (s) => seen.push(`a: ${s}`)), 0, true);
  w.spawn('b', 'client', (sys) => client(sys, (s) => seen.push(`b: ${s}`)), 1e6);
  await w.run({ settle: 1e9 });
  return seen;
}

describe('blocking system calls', () => {
  it('answer at once with the result itself, and with a promise only when the thread must wait', async () => {
    const seen = await run(async (sys, note) => {
      const l = await listening(sys);
      const accepted = sys.accept4(l, 0);
      note(`accept waits: ${accepted instanceof Promise}`);
      const a = await accepted;
      const fd = typeof a === 'number' ? a : a.fd;
      const early = sys.recvfrom(fd, 16, 0);
      note(`recv before data waits: ${early instanceof Promise}, gets ${text(await early)}`);
      await sys.nanosleep(100e6); // the client's second send is queued by now
      const late = sys.recvfrom(fd, 16, 0);
      note(`recv of queued data waits: ${late instanceof Promise}, gets ${text(await late)}`);
      const sent = sys.sendto(fd, bytes('pong'), 0, null);
      note(`send of room waits: ${sent instanceof Promise}, sends ${await sent}`);
      const polled = sys.poll([{ fd: l, events: POLLIN, revents: 0 }], 0);
      note(`poll(0) of an idle listener: ${await polled}, waits: ${polled instanceof Promise}`);
    }, async (sys) => {
      const s = await connected(sys);
      await sys.nanosleep(10e6);
      await sys.sendto(s, bytes('ping'), 0, null);
      await sys.sendto(s, bytes('again'), 0, null);
      await sys.recvfrom(s, 16, 0);
    });
    expect(seen).toEqual([
      'a: accept waits: true',
      'a: recv before data waits: true, gets ping',
      'a: recv of queued data waits: false, gets again',
      'a: send of room waits: false, sends 4',
      'a: poll(0) of an idle listener: 0, waits: false',
    ]);
  });

  it('a non-blocking fd and MSG_DONTWAIT answer -EAGAIN at once; MSG_WAITALL gathers n bytes over several waits', async () => {
    const seen = await run(async (sys, note) => {
      const l = await listening(sys);
      const a = await sys.accept4(l, SOCK_NONBLOCK);
      const fd = typeof a === 'number' ? a : a.fd;
      const r = sys.recvfrom(fd, 4, 0);
      note(`non-blocking: ${r === -EAGAIN}`);
      sys.fcntl(fd, F_SETFL, sys.fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      const d = sys.recvfrom(fd, 4, MSG_DONTWAIT);
      note(`MSG_DONTWAIT: ${d === -EAGAIN}`);
      const all = await sys.recvfrom(fd, 10, MSG_WAITALL);
      note(`MSG_WAITALL: ${text(all)}`);
      const rest = await sys.recvfrom(fd, 10, MSG_WAITALL);
      note(`at the end: '${text(rest)}'`);
    }, async (sys) => {
      const s = await connected(sys);
      for (const piece of ['abc', 'defg', 'hij', 'k']) {
        await sys.nanosleep(10e6);
        await sys.sendto(s, bytes(piece), 0, null);
      }
      await sys.nanosleep(10e6);
      sys.close(s);
    });
    // 10 bytes from three sends; then what is left before the end of stream (recv returns short at EOF)
    expect(seen).toEqual(['a: non-blocking: true', 'a: MSG_DONTWAIT: true', 'a: MSG_WAITALL: abcdefghij', "a: at the end: 'k'"]);
  });
});
