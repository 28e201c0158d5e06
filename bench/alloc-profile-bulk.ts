/**
 * `node --import tsx bench/alloc-profile-bulk.ts [MB] [gso|nogso] [N] [DEPTH]`: where the bulk
 * run's JS heap allocations come from. The inspector's sampling heap profiler, keeping the
 * samples of objects that minor and major GCs collected (so short-lived garbage, the hot path's
 * cost, is counted), summed per allocating function (its first line, through tsx's source
 * maps); prints the N largest with bytes per simulated frame. DEPTH > 1 sums per chain of that
 * many callers instead ("a < b < c"), to tell apart the paths into one function. A first
 * 8 MB run warms the JIT: code not yet optimized allocates what optimized code does not
 * (boxed numbers, escaping temporaries), which made the total vary by ±5 % from run to run.
 */
import { Session } from 'node:inspector/promises';
import { bulkPayload, runBulk } from './lib/bulk.ts';
import { throughSourceMaps } from './lib/profile.ts';

interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

const mb = Number(process.argv[2] ?? 20);
const gso = process.argv[3] === 'gso';
const n = Number(process.argv[4] ?? 25);
const depth = Number(process.argv[5] ?? 1);
const payload = bulkPayload(mb * 1024 * 1024);
await runBulk(bulkPayload(8 * 1024 * 1024), gso);
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
} as never);
const r = await runBulk(payload, gso);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } };
session.disconnect();

const bySite = new Map<string, number>();
let total = 0;
const walk = (node: HeapNode, callers: readonly string[] = []): void => {
  const chain = [...callers, node.callFrame.functionName || '(anonymous)'].slice(-depth);
  if (node.selfSize > 0) {
    const { url, lineNumber, columnNumber } = node.callFrame;
    const at = url ? throughSourceMaps(url, lineNumber, columnNumber) : { url: '', line: -1 };
    const where = at.url ? `${at.url.replace(/^.*?\/(src|bench|node_modules)\//, '$1/')}:${at.line + 1}` : '';
    const key = `${chain.join(' < ')} ${where}`;
    bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const c of node.children) walk(c, chain);
};
walk(profile.head);
console.log(`${mb} MB gso ${gso ? 'on' : 'off'}: ${r.frames} frames, sampled ${(total / 1e6).toFixed(1)} MB = ${(total / r.frames).toFixed(0)} bytes/frame`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, n)) {
  console.log(`${(bytes / r.frames).toFixed(1).padStart(8)} B/frame ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${site}`);
}
