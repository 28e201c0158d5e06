import { it } from 'vitest';
import { runToFiles } from '../helpers/scenario.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { tsharkFields } from '../helpers/tshark.ts';
import { UPLOAD_PORT, uploadScenario } from '../helpers/upload.ts';
import { softirqHopNs } from '../helpers/veth.ts';
const wins = (p: string) => tsharkFields(p, ['tcp.window_size'], `tcp.srcport==${UPLOAD_PORT}`).map((r) => Number(r[0]));
it('x', async () => {
  const real = [1, 2, 3].map((r) => wins(realCapturePath(`upload300k/run${r}.mesin1-eth1.pcap`)));
  for (const [i, r] of real.entries()) console.log(`real${i + 1} n=${r.length}: ${r.join(' ')}`);
  for (const cpu of ['python3', undefined]) for (const seed of [1, 2, 3]) {
    const u = uploadScenario(cpu);
    const veth = { progjar: { latency: softirqHopNs(), bandwidth: Infinity } };
    const run = await runToFiles({ ...u.scenario, links: veth }, seed);
    const w = wins(run.captures[0]!.path!);
    const diff = w.map((x, k) => (x === real[0]![k] ? '' : `${k}:${x}/${real[0]![k]}`)).filter(Boolean);
    console.log(`cpu=${cpu} seed=${seed} reads=${u.reads()} n=${w.length} diffs vs run1=${diff.length}: ${diff.slice(0, 12).join(' ')}`);
  }
}, 300000);
