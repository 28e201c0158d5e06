/**
 * `npm run docs:screenshot`: the README's picture of the echo report, made from current code —
 * run the echo scenario with the timeline recording (as `labwire run echo --report` does), build
 * its report, open it in Debian's Chromium (playwright-core, no browser download) with the
 * 46-byte segment selected, save docs/report-echo.png.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import echo from '../scenarios/echo.ts';
import { buildRunReport } from '../src/report/run-report.ts';
import { scenarioReportInput } from '../src/report/scenario-report.ts';
import { RecordingTimeline } from '../src/sim/timeline.ts';
import { runScenario } from '../src/sim/run-scenario.ts';

const OUT = join(import.meta.dirname, '../docs/report-echo.png');

const timeline = new RecordingTimeline();
const run = await runScenario(echo, { seed: 1, format: 'pcapng', timeline });
const dir = mkdtempSync(join(tmpdir(), 'labwire-docs-'));
for (const [name, content] of await buildRunReport(scenarioReportInput(run, timeline.data(), 'en'))) writeFileSync(join(dir, name), content);
const file = join(dir, 'index.html');
const browser = await chromium.launch({ executablePath: process.env.LABWIRE_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const p = await browser.newPage({ viewport: { width: 1400, height: 760 } });
  await p.goto(`file://${file}#frame=6`);
  await p.waitForSelector('body[data-ready=true] g.arrow.sel');
  await p.click('#tree .l:text-matches("^\\\\s*TCP payload")');
  await p.screenshot({ path: OUT });
  console.log(`docs screenshot: ${OUT}`);
} finally {
  await browser.close();
}
