/**
 * `npm run bench`: runs every bench/*.bench.ts and prints its figures. Each module exports
 * `default async () => BenchResult[]`; figures that compare against a reference measure the
 * reference in the same run and print the ratio. Wall time is allowed here (and only here).
 * `npm run bench -- NAME` runs the benches whose file name contains NAME.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();

function fmt(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} k`;
  return v >= 10 ? v.toFixed(1) : v.toFixed(3);
}

console.log(`labwire bench — node ${process.version}, ${process.arch}; reproduce: npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<BenchResult[]> };
  console.log(`\n## ${f.replace('.bench.ts', '')}   (npm run bench -- ${f.replace('.bench.ts', '')})`);
  for (const r of await mod.default()) {
    console.log(`  ${r.name.padEnd(58)} ${fmt(r.value).padStart(10)} ${r.unit}${r.note ? `   ${r.note}` : ''}`);
  }
}
