import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const src = tsFiles(join(root, 'src')).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
const scenarioFiles = tsFiles(join(root, 'scenarios')).map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));

/** every relative import of a file, as a path from the repository root */
function imports(f: { path: string; text: string }): string[] {
  const out: string[] = [];
  for (const m of f.text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    out.push(join(dirname(f.path), m[1]!));
  }
  return out;
}

/** the folder a file belongs to for layering: src/stack/<layer>, or src/<top> */
function folder(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  if (parts[1] === 'stack' && parts.length > 3) return parts.slice(0, 3).join('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : 'src';
}

const graph = new Map<string, Set<string>>();
for (const f of src) {
  for (const to of imports(f)) {
    const a = folder(f.path);
    const b = folder(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
}

/** Programs: they reach a host through the system-call table and the libraries above it. */
const PROGRAM_MAY_IMPORT = /^src\/(stack\/(syscall|socket|abi|wire|dns)\/|stack\/(errno|nanos)\.ts$|sim\/scenario\.ts$|sim\/time\.ts$)|^scenarios\//;

describe('architecture', () => {
  it('src/stack never imports src/sim, the CLI or node built-ins', () => {
    const offenders = src
      .filter((f) => f.path.startsWith('src/stack/'))
      .filter((f) => /from\s+['"](\.\.\/)+(sim|cli|show)\//.test(f.text) || /from\s+['"]node:/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('src/sim holds no wire parsing of its own protocols (imports codecs instead of re-declaring them)', () => {
    const offenders = src.filter((f) => f.path.startsWith('src/sim/') && /function (parse|emit)(Tcp|Udp|Ipv4|Arp|Icmp)\b/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('nothing in src/ reads a wall clock, draws ambient randomness or arms a real timer (CLI progress excepted)', () => {
    const banned = /Math\.random|Date\.now|new Date\(|performance\.now|setTimeout\(|setInterval\(|setImmediate\(/;
    const offenders = src
      .filter((f) => !f.path.startsWith('src/cli/'))
      .flatMap((f) => f.text.split('\n').map((line, i) => ({ f: f.path, i: i + 1, line })))
      .filter(({ line }) => banned.test(line) && !line.includes('// wall-clock ok') && !/^\s*(\*|\/\/)/.test(line))
      .map(({ f, i, line }) => `${f}:${i}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('stack/wire imports nothing outside itself (pure codecs)', () => {
    const offenders = src.filter((f) => f.path.startsWith('src/stack/wire/')).flatMap((f) => imports(f).filter((t) => !t.startsWith('src/stack/wire/')).map((t) => `${f.path} → ${t}`));
    expect(offenders).toEqual([]);
  });

  it('no cycles between folders', () => {
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        const at = path.indexOf(next);
        if (at >= 0) cycles.push([...path.slice(at), next].join(' → '));
        else if (path.length < 12) visit(next, [...path, next]);
      }
    };
    for (const n of graph.keys()) visit(n, [n]);
    expect([...new Set(cycles)]).toEqual([]);
  });

  it('nothing above the system-call table imports the kernel, TCP or UDP (programs, sockets, libc, testing\'s programs)', () => {
    const above = [...src, ...scenarioFiles].filter((f) =>
      /^src\/stack\/socket\/|^src\/programs\/|^scenarios\/.*programs\/|^src\/testing\/(actors|program|scenario)\.ts$/.test(f.path));
    expect(above.length).toBeGreaterThan(8);
    const offenders = above.flatMap((f) => imports(f).filter((t) => /^src\/stack\/(kernel|tcp|udp)\/|^src\/sim\/(world|threads|host|process)\.ts$/.test(t)).map((t) => `${f.path} → ${t}`));
    expect(offenders).toEqual([]);
  });

  it('programs import only the system-call table and the libraries above it', () => {
    const programs = [...src, ...scenarioFiles].filter((f) => /^src\/programs\/|^scenarios\/.*programs\//.test(f.path));
    const offenders = programs.flatMap((f) => imports(f).filter((t) => !PROGRAM_MAY_IMPORT.test(t)).map((t) => `${f.path} → ${t}`));
    expect(offenders).toEqual([]);
  });

  it('show imports only the wire codecs and the capture files (and the capture module only the codecs)', () => {
    const offenders = src
      .filter((f) => f.path.startsWith('src/show/') || f.path.startsWith('src/capture/'))
      .flatMap((f) => imports(f).filter((t) => !/^src\/(stack\/wire|capture)\//.test(t) && folder(t) !== folder(f.path) && !(t === 'src/stack/nanos.ts')).map((t) => `${f.path} → ${t}`));
    expect(offenders).toEqual([]);
  });
});
