/**
 * The 300 000-byte upload of test/fixtures/real/upload300k as a scenario: on the lab, mesin2's
 * client sendall()s 300 000 bytes 4 KiB at a time to mesin1's server, which loops recv(1000)
 * until EOF (tools/netns-lab/programs/upload_{client,server}.py). The capture is mesin1's eth1,
 * where the recordings were taken; `reads()` is the server's recv count, the final b'' included.
 */
import { defineScenario, type ScenarioSpec } from '../../src/sim/scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import { IPPROTO_TCP, SOL_SOCKET, SO_RCVBUF, TCP_INFO } from '../../src/stack/abi/linux.ts';
import type { TcpInfo } from '../../src/stack/abi/types.ts';

export const UPLOAD_BYTES = 300_000;
export const UPLOAD_PORT = 10000;

/** the server socket's receive state once the stream ended, as `ss -tinm` shows it in CLOSE-WAIT */
export interface UploadEnd {
  readonly rcvRttUs: number;
  readonly rcvSpace: number;
  readonly rcvSsthresh: number;
  /** SO_RCVBUF: sk_rcvbuf, ss's skmem rb */
  readonly rcvbuf: number;
  readonly segsIn: number;
  readonly dataSegsIn: number;
  readonly segsOut: number;
}

/** `endState`: the server reads TCP_INFO and SO_RCVBUF after the end of stream, before its close (`end()`) */
export function uploadScenario(cpu?: string, o: { endState?: boolean } = {}): { scenario: ScenarioSpec; reads: () => number; end: () => UploadEnd | undefined } {
  let reads = 0;
  let end: UploadEnd | undefined;
  const scenario = defineScenario({
    name: 'upload-300k', summary: 'sendall 4 KiB at a time to a recv(1000) server', lab: progjar, kernel: 'linux-6.18',
    ...(cpu ? { cpu } : {}),
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket, sys }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', UPLOAD_PORT]);
          s.listen(1);
          const [c] = await s.accept();
          for (;;) {
            reads++;
            if ((await c.recv(1000)).length === 0) break;
          }
          if (o.endState) {
            const i = sys.getsockopt(c.fileno(), IPPROTO_TCP, TCP_INFO) as TcpInfo;
            end = {
              rcvRttUs: i.tcpi_rcv_rtt, rcvSpace: i.tcpi_rcv_space, rcvSsthresh: i.tcpi_rcv_ssthresh,
              rcvbuf: sys.getsockopt(c.fileno(), SOL_SOCKET, SO_RCVBUF) as number,
              segsIn: i.tcpi_segs_in, dataSegsIn: i.tcpi_data_segs_in, segsOut: i.tcpi_segs_out,
            };
          }
          c.close();
          s.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 1e9, run: async ({ socket }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', UPLOAD_PORT]);
          const block = new Uint8Array(4096);
          for (let sent = 0; sent < UPLOAD_BYTES; sent += 4096) await s.sendall(block.subarray(0, Math.min(4096, UPLOAD_BYTES - sent)));
          s.close();
        },
      },
    ],
    captures: [{ on: 'mesin1', iface: 'eth1' }],
  });
  return { scenario, reads: () => reads, end: () => end };
}
