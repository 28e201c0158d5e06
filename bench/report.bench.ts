/**
 * The teaching report: for the echo, the 2 MB echo over the lab's link and the 2 MB echo on
 * loopback — page size, time to build the run report beyond the simulation (first build
 * includes bundling the viewer; then warm), and with Chromium the time from opening the
 * file until the ladder is drawn. Aims (issue 14, 2-core machine): ≤ 10 MB, ≤ 1.5 s, ≤ 2 s.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BenchResult } from './run.ts';
import { buildRunReport } from '../src/report/run-report.ts';
import { runScenario } from '../src/sim/run-scenario.ts';
import { buildLab } from '../src/sim/scenario.ts';
import { loadScenario } from '../src/cli/run.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCENARIOS = ['echo', 'echo-2mb', 'echo-2mb-local'];

async function build(name: string): Promise<{ html: string; ms: number }> {
  const { spec } = await loadScenario(name);
  const run = await runScenario(spec, { seed: 1, format: 'pcapng' });
  const t0 = performance.now();
  const files = await buildRunReport({
    scenario: name,
    epochSec: buildLab(name, spec).epochSeconds,
    captures: run.captures.map((c) => ({ host: c.host, iface: c.iface, bytes: c.bytes! })),
    transcripts: [],
    timeline: { frames: [], calls: [], socks: [] },
    lang: 'en',
  });
  return { html: files.get('index.html') as string, ms: performance.now() - t0 };
}

async function timeToLadder(file: string): Promise<number> {
  const b = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const p = await b.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = performance.now();
    await p.goto(`file://${file}`);
    await p.waitForSelector('body[data-ready=true] g.arrow', { timeout: 60_000 });
    return performance.now() - t0;
  } finally {
    await b.close();
  }
}

export default async function (): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'labwire-report-bench-'));
  let first = true;
  for (const name of SCENARIOS) {
    if (first) {
      const cold = await build(name);
      out.push({ name: `${name}: build report, first in process (bundles the viewer)`, value: cold.ms, unit: 'ms' });
      first = false;
    }
    const r = await build(name);
    out.push({ name: `${name}: build report beyond the simulation`, value: r.ms, unit: 'ms', note: 'aim ≤ 1500' });
    out.push({ name: `${name}: report size`, value: Buffer.byteLength(r.html) / 1e6, unit: 'MB', note: 'aim ≤ 10' });
    const file = join(dir, `${name}.html`);
    writeFileSync(file, r.html);
    if (existsSync(CHROMIUM)) out.push({ name: `${name}: open until the ladder is drawn (Chromium)`, value: await timeToLadder(file), unit: 'ms', note: 'aim ≤ 2000' });
  }
  return out;
}
