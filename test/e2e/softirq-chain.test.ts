/**
 * A send's softirq chain (src/sim/softirq-chain.ts) on the idle profile: on a link that hands a
 * frame to its receiver inside the transmit (a veth pair: LinkParams.chainLatency), the ACKs of
 * the first send's two GSO packets come back while the send holds the socket and run as one at
 * its release — cwnd 10 → 20, as in every recording of test/fixtures/real/bulk-cwnd-idle — and
 * the tail that release sends is acknowledged inside it too. On a link without a chain (the
 * lab's default, a frame waiting for its softirq) the ACKs come after the send and run one by one.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import { IPPROTO_TCP, TCP_INFO } from '../../src/stack/abi/linux.ts';
import type { TcpInfo } from '../../src/stack/abi/types.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { softirqHopNs, vethLink } from '../helpers/veth.ts';

const PORT = 10000;

/** the client's TCP_INFO right after its first send(16 KiB): cwnd and bytes acknowledged */
async function firstSend(link: object, seed: number): Promise<{ cwnd: number; acked: number }> {
  let info: TcpInfo | undefined;
  const scenario = defineScenario({
    name: 'first-send', summary: 'one 16 KiB send, then TCP_INFO', lab: progjar, kernel: 'linux-6.18', cpu: 'python3-idle',
    links: { progjar: link }, captures: [],
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', PORT]);
          s.listen(1);
          const [c] = await s.accept();
          while ((await c.recv(65536)).length > 0);
          c.close();
          s.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 500e6, run: async ({ socket, sys }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', PORT]);
          await s.send(new Uint8Array(16384));
          info = sys.getsockopt(s.fileno(), IPPROTO_TCP, TCP_INFO) as TcpInfo;
          s.close();
        },
      },
    ],
  });
  await runToFiles(scenario, seed);
  return { cwnd: info!.tcpi_snd_cwnd, acked: info!.tcpi_bytes_acked };
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('a send\'s softirq chain (--cpu python3-idle)', () => {
  it('on veth the first send\'s ACKs run as one at its release, and its tail\'s ACK inside it: cwnd 20, every byte acknowledged', async () => {
    for (const seed of SEEDS) expect(await firstSend(vethLink(), seed), `seed ${seed}`).toEqual({ cwnd: 20, acked: 16385 });
  });

  it('on a link without a chain the ACKs come after the send and run one by one: cwnd above 20 in most seeds', async () => {
    const noChain = { latency: softirqHopNs(), bandwidth: Infinity };
    const cwnds = [];
    for (const seed of SEEDS) cwnds.push((await firstSend(noChain, seed)).cwnd);
    expect(cwnds.filter((c) => c > 20).length).toBeGreaterThan(SEEDS.length / 2);
  });
});
