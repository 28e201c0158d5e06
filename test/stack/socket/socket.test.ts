/**
 * Python's socket object over the system calls, checked as a Python programmer sees it:
 * exception classes and texts, timeouts, blocking and non-blocking modes, peeking, reprs.
 */
import { describe, expect, it } from 'vitest';
import { twoHosts } from '../../helpers/world.ts';
import { makeProgramContext, type ProgramContext } from '../../../src/stack/socket/context.ts';
import { SIOCOUTQ } from '../../../src/stack/abi/linux.ts';
import type { World } from '../../../src/sim/world.ts';

/** Run `server` on a and `client` on b; collect what they print. */
async function pair(server: (ctx: ProgramContext) => Promise<void>, client: (ctx: ProgramContext) => Promise<void>): Promise<{ w: World; out: string[] }> {
  const w = twoHosts();
  w.spawn('a', 'server', async (sys) => server(makeProgramContext(sys)), 0, true);
  w.spawn('b', 'client', async (sys) => client(makeProgramContext(sys)), 1e6);
  await w.run({ settle: 1e9 });
  return { w, out: w.transcript.map((l) => `${l.host}: ${l.text}`) };
}

const listen = async ({ socket }: ProgramContext, port = 7000) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  await s.bind(['0.0.0.0', port]);
  s.listen(1);
  return s;
};

const say = (ctx: ProgramContext, e: unknown) => ctx.print(`${(e as Error).name}: ${(e as Error).message}`);

describe('PySocket', () => {
  it('raises ConnectionRefusedError [Errno 111] for a closed port, and OSError 107 for getpeername', async () => {
    const { out } = await pair(async () => undefined, async (ctx) => {
      const s = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
      try { s.getpeername(); } catch (e) { say(ctx, e); }
      try { await s.connect(['172.16.16.101', 9]); } catch (e) { say(ctx, e); }
    });
    expect(out).toEqual(['b: OSError: [Errno 107] Transport endpoint is not connected', 'b: ConnectionRefusedError: [Errno 111] Connection refused']);
  });

  it('settimeout: recv raises TimeoutError("timed out") when the time passes, at that simulated instant', async () => {
    const { out } = await pair(async (ctx) => {
      const l = await listen(ctx);
      const [c] = await l.accept();
      await ctx.time.sleep(10);
      c.close();
    }, async (ctx) => {
      const s = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
      await s.connect(['172.16.16.101', 7000]);
      s.settimeout(2.5);
      const t0 = ctx.time.monotonic();
      try { await s.recv(10); } catch (e) { say(ctx, e); }
      ctx.print(`after ${(ctx.time.monotonic() - t0).toFixed(3)} s`);
    });
    expect(out).toEqual(['b: TimeoutError: timed out', 'b: after 2.500 s']);
  });

  it('setblocking(False): recv with nothing queued raises BlockingIOError [Errno 11]', async () => {
    const { out } = await pair(async (ctx) => {
      const l = await listen(ctx);
      await l.accept();
      await ctx.time.sleep(10);
    }, async (ctx) => {
      const s = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
      await s.connect(['172.16.16.101', 7000]);
      s.setblocking(false);
      try { await s.recv(10); } catch (e) { say(ctx, e); }
    });
    expect(out).toEqual(['b: BlockingIOError: [Errno 11] Resource temporarily unavailable']);
  });

  it('MSG_PEEK, recv_into and the end of stream as b\'\'', async () => {
    const { out } = await pair(async (ctx) => {
      const l = await listen(ctx);
      const [c] = await l.accept();
      await c.sendall(ctx.py.bytes('hello'));
      c.close();
    }, async (ctx) => {
      const { socket, py } = ctx;
      const s = await socket.create_connection(['172.16.16.101', 7000]);
      await ctx.time.sleep(0.1);
      ctx.print(py.repr(await s.recv(3, socket.MSG_PEEK)));
      const buf = new Uint8Array(8);
      ctx.print(await s.recv_into(buf));
      ctx.print(py.repr(await s.recv(10)));
    });
    expect(out).toEqual(["b: b'hel'", 'b: 5', "b: b''"]);
  });

  it('prints as Python\'s repr, and [closed] after close()', async () => {
    const { out } = await pair(async () => undefined, async (ctx) => {
      const s = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_DGRAM);
      await s.bind(['0.0.0.0', 5005]);
      ctx.print(String(s));
      s.close();
      ctx.print(String(s));
    });
    expect(out).toEqual([
      "b: <socket.socket fd=3, family=AddressFamily.AF_INET, type=SocketKind.SOCK_DGRAM, proto=0, laddr=('0.0.0.0', 5005)>",
      'b: <socket.socket [closed] fd=-1, family=2, type=2, proto=0>',
    ]);
  });

  it('UDP broadcast needs SO_BROADCAST: PermissionError [Errno 13] without it', async () => {
    const { out } = await pair(async () => undefined, async (ctx) => {
      const { socket } = ctx;
      const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      try { await s.sendto(ctx.py.bytes('x'), ['172.16.16.255', 6000]); } catch (e) { say(ctx, e); }
      s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1);
      ctx.print(await s.sendto(ctx.py.bytes('x'), ['172.16.16.255', 6000]));
    });
    expect(out).toEqual(['b: PermissionError: [Errno 13] Permission denied', 'b: 1']);
  });

  it('a call on a closed socket fails as its promise, with OSError [Errno 9], not as a throw at the call', async () => {
    const { out } = await pair(async () => undefined, async (ctx) => {
      const s = ctx.socket.socket(ctx.socket.AF_INET, ctx.socket.SOCK_STREAM);
      s.close();
      for (const call of [() => s.recv(4), () => s.sendall(ctx.py.bytes('x')), () => s.send(ctx.py.bytes('x'))]) {
        let p: Promise<unknown> | undefined;
        try { p = call(); } catch { ctx.print('threw at the call'); }
        try { await p; } catch (e) { say(ctx, e); }
      }
    });
    expect(out).toEqual(Array(3).fill('b: OSError: [Errno 9] Bad file descriptor'));
  });

  it('sendall: more than the buffers hold waits for room and delivers every byte in order; b\'\' sends nothing', async () => {
    const size = 1024 * 1024;
    const { out } = await pair(async (ctx) => {
      const l = await listen(ctx);
      const [c] = await l.accept();
      let got = 0;
      let inOrder = true;
      for (;;) {
        const d = await c.recv(65536);
        if (d.length === 0) break;
        for (let i = 0; i < d.length; i++) if (d[i] !== (got + i) % 251) inOrder = false;
        got += d.length;
      }
      ctx.print(`${got} bytes, in order: ${inOrder}`);
    }, async (ctx) => {
      const s = await ctx.socket.create_connection(['172.16.16.101', 7000]);
      s.setsockopt(ctx.socket.SOL_SOCKET, ctx.socket.SO_SNDBUF, 65536); // far less than the payload: sendall must wait
      await s.sendall(new Uint8Array(0));
      ctx.print(`after b'': ${ctx.sys.ioctl(s.fileno(), SIOCOUTQ)} bytes queued`);
      await s.sendall(Uint8Array.from({ length: size }, (_, i) => i % 251));
      s.close();
    });
    expect(out).toEqual(["b: after b'': 0 bytes queued", `a: ${size} bytes, in order: true`]);
  });

  it('threading: is_alive() holds while the thread runs, not before start() nor after it ended', async () => {
    const { out } = await pair(async () => undefined, async (ctx) => {
      const t = ctx.threading.Thread({ name: 'worker', target: () => ctx.time.sleep(1) });
      ctx.print(`before start: ${t.is_alive()}`);
      t.start();
      await ctx.time.sleep(0.5);
      ctx.print(`running: ${t.is_alive()}`);
      await t.join();
      ctx.print(`joined: ${t.is_alive()}`);
    });
    expect(out).toEqual(['b: before start: false', 'b: running: true', 'b: joined: false']);
  });
});
