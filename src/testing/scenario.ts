/**
 * A chunking run as an ordinary scenario: the same two machines, link, kernel and seed, with
 * the writer and reader written as blocking programs making the same system calls at the same
 * times as the run's actors. `labwire run` (or runScenario) on it gives the frames the
 * failing property saw; a test holds the two captures equal byte for byte.
 */
import { defineScenario, type ScenarioSpec } from '../sim/scenario.ts';
import type { Program } from '../stack/socket/context.ts';
import type { Nanos } from '../stack/nanos.ts';
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { layoutStream, type StreamInput } from './stream.ts';
import { pairLink, PAIR_EPOCH_ISO, PAIR_SEGMENT, PORT, READER_ADDR, WRITER_ADDR } from './pair.ts';
import type { TcpParams } from './tcp-params.ts';

const pauseAt = (list: readonly Nanos[], i: number): Nanos => (i < list.length ? list[i]! : 0);

/** The writer: listen(1), accept, close the listener, then each write after its pause with sendall. */
function writer(writes: readonly Uint8Array[], p: TcpParams): Program {
  return async ({ socket, sys }) => {
    const l = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    if (p.sndBuf !== null) l.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, p.sndBuf);
    if (!p.nagle) l.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
    await l.bind(['0.0.0.0', PORT]);
    l.listen(1);
    const [conn] = await l.accept();
    l.close();
    for (let i = 0; i < writes.length; i++) {
      const pause = pauseAt(p.writePauses, i);
      if (pause > 0) await sys.nanosleep(pause);
      await conn.sendall(writes[i]!);
    }
    conn.close();
  };
}

/** The reader: connect, then recv(n) with the drawn sizes, each after its pause, until end of stream. */
function reader(p: TcpParams): Program {
  return async ({ socket, sys }) => {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    if (p.rcvBuf !== null) s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, p.rcvBuf);
    let readyAt = pauseAt(p.readPauses, 0);
    await s.connect([formatIpv4Addr(WRITER_ADDR), PORT]);
    for (let i = 0; ; ) {
      if (sys.now() < readyAt) await sys.nanosleep(readyAt - sys.now());
      const n = i < p.recvSizes.length ? p.recvSizes[i]! : p.recvSize;
      const data = await s.recv(n);
      if (data.length === 0) break;
      i++;
      readyAt = sys.now() + pauseAt(p.readPauses, i);
    }
    s.close();
  };
}

/** The scenario of one chunking run: run it with `seed: params.seed`; the reader's eth0 is captured. */
export function chunkingScenario(writes: StreamInput, params: TcpParams): ScenarioSpec {
  const list = layoutStream(writes).messages;
  return defineScenario({
    name: `tcp-chunking-seed${params.seed}`,
    summary: 'a labwire/testing chunking run, as a scenario',
    lab: {
      name: 'chunking-pair',
      epoch: PAIR_EPOCH_ISO,
      kernel: 'wsl2',
      networks: { [PAIR_SEGMENT]: { subnet: '172.16.16.0/24', link: pairLink(params) } },
      defaultNetwork: PAIR_SEGMENT,
      machines: {
        mesin1: { interfaces: { eth0: formatIpv4Addr(WRITER_ADDR) } },
        mesin2: { interfaces: { eth0: formatIpv4Addr(READER_ADDR) } },
      },
    },
    programs: [
      { on: 'mesin1', name: 'writer', run: writer(list, params) },
      { on: 'mesin2', name: 'reader', run: reader(params) },
    ],
    captures: [{ on: 'mesin2', iface: 'eth0' }],
    settle: 1e9,
  });
}
