import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
});
