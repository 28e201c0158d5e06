import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { formatEntry, throughSourceMaps, topEntries, withoutInspector, type CpuProfile } from '../../bench/lib/profile.ts';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });

/** root → main → {hot, cold}; GC beside them; `hot` appears under two parents (one function, two nodes) */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1) },
    { id: 2, callFrame: frame('main', 'file:///work/x/bench/run.ts', 9) },
    { id: 3, callFrame: frame('hot', 'file:///work/x/src/show/row.ts', 39) },
    { id: 4, callFrame: frame('cold', 'file:///work/x/src/sim/queue.ts', 0) },
    { id: 5, callFrame: frame('(garbage collector)', '', -1) },
    { id: 6, callFrame: frame('hot', 'file:///work/x/src/show/row.ts', 39) },
    { id: 7, callFrame: frame('', 'node:internal/fs/utils', 4) },
  ],
  samples: [3, 3, 4, 5, 6, 2, 7, 3],
  timeDeltas: [1000, 1000, 500, 2000, 1000, 250, 250, 1000],
};

describe('topEntries', () => {
  it('sums self time per function and line over nodes, largest first, with shares of the sampled time', () => {
    const top = topEntries([profile], 10);
    expect(top.map((e) => e.fn)).toEqual(['hot', '(garbage collector)', 'cold', 'main', '(anonymous)']);
    expect(top[0]).toEqual({ fn: 'hot', where: 'src/show/row.ts:40', selfMs: 4, share: 4 / 7 });
    expect(top[1]!.where).toBe('');
    expect(top[4]!.where).toBe('node:internal/fs/utils:5');
    expect(top.reduce((s, e) => s + e.share, 0)).toBeCloseTo(1);
  });

  it('keeps the first n entries and adds several profiles (a main thread and its workers) together', () => {
    const top = topEntries([profile, profile], 2);
    expect(top).toHaveLength(2);
    expect(top[0]).toMatchObject({ fn: 'hot', selfMs: 8, share: 4 / 7 });
  });

  it('places functions where `locate` says (a source map), adding the nodes it sends to one line together', () => {
    const oneLine: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { ...frame('a', 'file:///w/src/m.ts', 0), columnNumber: 10 } },
        { id: 2, callFrame: { ...frame('a', 'file:///w/src/m.ts', 0), columnNumber: 90 } },
      ],
      samples: [1, 2],
      timeDeltas: [1000, 3000],
    };
    const top = topEntries([oneLine], 6, (url, _line, column) => ({ url, line: column >= 50 ? 41 : 7 }));
    expect(top.map((e) => [e.where, e.selfMs])).toEqual([['src/m.ts:42', 3], ['src/m.ts:8', 1]]);
  });

  it('gives nothing for a profile without samples', () => {
    expect(topEntries([{ nodes: profile.nodes, samples: [], timeDeltas: [] }])).toEqual([]);
  });
});

describe('withoutInspector', () => {
  it('drops the samples under node:inspector frames (the profiler starting), keeping the rest', () => {
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1), children: [2, 3] },
        { id: 2, callFrame: frame('post', 'node:inspector', 111), children: [4] },
        { id: 3, callFrame: frame('work', 'file:///w/src/a.ts', 3) },
        { id: 4, callFrame: frame('dispatch', '', -1) },
      ],
      samples: [4, 3, 2, 3],
      timeDeltas: [500, 1000, 200, 1000],
    };
    const kept = withoutInspector(p);
    expect(kept.samples).toEqual([3, 3]);
    expect(kept.timeDeltas).toEqual([1000, 1000]);
    expect(topEntries([kept]).map((e) => [e.fn, e.share])).toEqual([['work', 1]]);
  });
});

describe('formatEntry', () => {
  it('prints the share, the self time and where the function is', () => {
    expect(formatEntry({ fn: 'hot', where: 'src/show/row.ts:40', selfMs: 4.2, share: 0.571 })).toBe(' 57.1 %      4 ms  hot src/show/row.ts:40');
  });
});

describe('throughSourceMaps', () => {
  it("reads the map a build wrote beside another process's script (the bundled dist/), and leaves a script without one as it ran", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-map-'));
    const source = 'export const a = 1;\n\n// a comment the bundle drops\nexport function hot(n: number): number {\n  return n * 2;\n}\n';
    const r = await transform(source, { loader: 'ts', format: 'esm', sourcemap: 'external', sourcefile: '../../src/sim/hot.ts' });
    writeFileSync(join(dir, 'chunk.js'), r.code);
    writeFileSync(join(dir, 'chunk.js.map'), r.map);
    const lines = r.code.split('\n');
    const ran = lines.findIndex((l) => l.includes('function hot'));
    expect(ran).toBeLessThan(3); // the bundle moved it up: the map is what puts it back
    const at = throughSourceMaps(pathToFileURL(join(dir, 'chunk.js')).href, ran, lines[ran]!.indexOf('function'));
    expect(at).toEqual({ url: '../../src/sim/hot.ts', line: 3 });
    const bare = pathToFileURL(join(dir, 'bare.js')).href;
    writeFileSync(join(dir, 'bare.js'), r.code);
    expect(throughSourceMaps(bare, ran, 0)).toEqual({ url: bare, line: ran });
  });
});
