/**
 * The echo report in headless Chromium: one arrow per frame, show -V's lines in the details
 * pane, show -Y's selection and errors in the filter box, no request leaving the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { main } from '../../src/cli/main.ts';
import { showCaptureFile } from '../../src/cli/show.ts';
import { compileFilter } from '../../src/show/filter/index.ts';
import { collectCapture, readCapture } from '../../src/capture/index.ts';
import { tempDir } from '../helpers/scenario.ts';
import { HAVE_BROWSER, arrowFrames, artifactPath, launch, openReport, typeFilter } from './browser.ts';
import { echoCaptures } from './echo-captures.ts';
import { echoRunInput, writeRunReport } from './echo-report.ts';
import { CATALOGS } from '../../src/report/i18n/index.ts';

const REAL_ECHO = join(import.meta.dirname, '../fixtures/real/echo10000.mesin1-any.pcap');

async function report(...captures: string[]): Promise<string> {
  const dir = tempDir();
  const out: string[] = [];
  const code = await main(['report', ...captures, '--out', dir], (s) => out.push(s), (s) => out.push(s));
  expect(code, out.join('\n')).toBe(0);
  return out[0]!.replace(/^report: /, '');
}

async function show(file: string, opts: { filter?: string; verbose?: boolean }): Promise<string> {
  let text = '';
  await showCaptureFile(file, opts, (s) => (text += s), (s) => (text += s));
  return text;
}

/** show -V's text for frame `no`, as lines without the blank line that ends it. */
function framesOfDetails(text: string): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const chunk of text.split(/^(?=Frame \d+: )/m)) {
    const no = Number(/^Frame (\d+): /.exec(chunk)?.[1]);
    if (no) m.set(no, chunk.replace(/\n+$/, '').split('\n'));
  }
  return m;
}

const FILTERS = [
  'tcp', 'arp', 'tcp.len > 0', 'tcp.flags.syn == 1', 'tcp.flags.fin == 1 && tcp.flags.ack == 1',
  'ip.src == 172.16.16.101', 'ip.dst == 172.16.16.101', 'tcp.port == 10000', 'tcp.srcport == 10000', '!tcp',
  'frame.len > 70', 'tcp.seq == 1', 'tcp.ack == 47', 'eth.src == 02:42:ac:10:10:66', 'arp.opcode == 2',
  'ip.ttl == 64 and tcp.len == 0', 'frame.number >= 5 && frame.number <= 9', 'ip.addr == 172.16.16.102 || arp',
  'tcp.window_size_value > 500', 'not (tcp.flags.push == 1)',
];

describe.skipIf(!HAVE_BROWSER)('the report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws one arrow per frame of mesin2\'s eth1 capture, shows show -V for the 46-byte segment, asks for nothing', async () => {
    const { files } = await echoCaptures();
    const file = files.get('mesin2-eth1')!.path;
    const { records } = collectCapture(readCapture(readFileSync(file)));
    const { page, requests, errors } = await openReport(browser, await report(file));
    expect(await arrowFrames(page)).toEqual(records.map((r) => r.index + 1));

    const seg46 = records.find((r) => r.data.length === 14 + 20 + 32 + 46)!.index + 1;
    await page.click(`g.arrow[data-frame="${seg46}"]`);
    const lines = await page.$$eval('#tree .l', (ls) => ls.map((l) => l.textContent ?? ''));
    const expected = framesOfDetails(await show(file, { verbose: true })).get(seg46)!;
    expect(lines.join('\n').replace(/\n+$/, '')).toBe(expected.join('\n'));
    expect(page.url()).toMatch(new RegExp(`#frame=${seg46}$`));

    // clicking the payload line lights exactly the 46 bytes of data
    await page.click('#tree .l:text-matches("^\\\\s*TCP payload")');
    expect(await page.$$eval('#hex .on', (s) => s.length)).toBe(46);

    await page.screenshot({ path: artifactPath('report-echo.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('tcp.len > 0 leaves the 46-, 32- and 14-byte segments; a bad filter shows show\'s error', async () => {
    const { files } = await echoCaptures();
    const file = files.get('mesin2-eth1')!.path;
    const { records } = collectCapture(readCapture(readFileSync(file)));
    const { page } = await openReport(browser, await report(file));
    await typeFilter(page, 'tcp.len > 0');
    const left = await arrowFrames(page);
    expect(left.map((no) => records[no - 1]!.data.length - 66)).toEqual([46, 32, 14]);
    expect(decodeURIComponent(page.url())).toContain('filter=tcp.len > 0');

    const bad = 'tcp.len >> 0';
    await typeFilter(page, bad);
    const c = compileFilter(bad);
    expect(c.ok).toBe(false);
    expect(await page.textContent('#filter-error')).toBe(!c.ok && c.message);
  });

  it('opens a linked view from the hash: the filter and the frame', async () => {
    const { files } = await echoCaptures();
    const { page } = await openReport(browser, await report(files.get('mesin2-eth1')!.path), `#frame=8&filter=${encodeURIComponent('tcp.len > 0')}`);
    expect(await page.inputValue('#filter')).toBe('tcp.len > 0');
    expect(await arrowFrames(page)).toEqual([6, 8, 10]);
    expect(await page.$$eval('g.arrow.sel', (g) => g.map((x) => x.getAttribute('data-frame')))).toEqual(['8']);
    await page.keyboard.press('ArrowDown');
    expect(page.url()).toMatch(/frame=10/);
  });

  it(`selects the same frames as labwire show -Y for ${FILTERS.length} filters`, async () => {
    const { files } = await echoCaptures();
    for (const key of ['mesin1-any', 'mesin2-eth1']) {
      const file = files.get(key)!.path;
      const { page } = await openReport(browser, await report(file));
      for (const f of FILTERS) {
        expect(compileFilter(f).ok, f).toBe(true);
        const rows = await show(file, { filter: f });
        const want = rows.split('\n').filter(Boolean).map((l) => Number(l.trim().split(/\s+/)[0]));
        await typeFilter(page, f);
        expect(await arrowFrames(page), `${key}: ${f}`).toEqual(want);
      }
    }
  });

  it('to scale, distance is time; zoom stretches it; only arrows in view are drawn', async () => {
    const { files } = await echoCaptures();
    const { page } = await openReport(browser, await report(files.get('mesin2-eth1')!.path), '', { width: 1400, height: 400 });
    const ys = async (): Promise<{ no: number; y: number }[]> =>
      page.$$eval('g.arrow', (gs) => gs.map((g) => ({ no: Number(g.getAttribute('data-frame')), y: Number(g.querySelector('.shaft')!.getAttribute('y1') ?? g.querySelector('.shaft')!.getAttribute('d')!.split(' ')[1]) })));
    const drawnInRows = (await ys()).length;
    expect(drawnInRows).toBeLessThan(14); // 400 px of 30 px rows
    await page.selectOption('#mode', 'scale');
    await page.click('#zoom-out');
    await page.click('#zoom-out');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const recs = collectCapture(readCapture(files.get('mesin2-eth1')!.bytes)).records;
    const a = await ys();
    const times = a.map(({ no }) => (recs[no - 1]!.sec - recs[0]!.sec) * 1e9 + recs[no - 1]!.nsec - recs[0]!.nsec);
    expect(a.length).toBe(14);
    const perSecond = (a[13]!.y - a[0]!.y) / (times[13]! - times[0]!);
    for (let i = 1; i < a.length; i++) expect(a[i]!.y - a[0]!.y).toBeCloseTo((times[i]! - times[0]!) * perSecond, 0);
    await page.click('#zoom-in');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const b = await ys();
    const last = b.find((x) => x.no === 4)!;
    expect(last.y - b[0]!.y).toBeCloseTo(2 * (a[3]!.y - a[0]!.y), 0);
  });

  it('given both ends, slants each packet from its sending to its receiving capture', async () => {
    const { files } = await echoCaptures();
    const { page } = await openReport(browser, await report(files.get('mesin2-eth1')!.path, files.get('mesin1-any')!.path), '#filter=tcp');
    const slants = await page.$$eval('g.arrow line.shaft', (ls) => ls.map((l) => Number(l.getAttribute('y2')) - Number(l.getAttribute('y1'))));
    expect(slants).toHaveLength(12);
    expect(slants.every((d) => d > 0)).toBe(true);
    expect(await page.$$eval('#capture option', (o) => o.map((x) => x.textContent))).toEqual(['echo.mesin2-eth1.pcapng', 'echo.mesin1-any.pcapng']);
  });

  it('draws the 14 frames of a real Linux capture (tcpdump -i any)', async () => {
    const { page, errors } = await openReport(browser, await report(REAL_ECHO));
    expect(await arrowFrames(page)).toHaveLength(14);
    expect(errors).toEqual([]);
  });

  describe('a run report (the World\'s recorded timeline)', () => {
    it('draws program bars with Python\'s results, socket plots, the teaching comment and what the frame changed', async () => {
      const dir = tempDir();
      const input = await echoRunInput('en');
      await writeRunReport(dir, input);
      const { page, requests, errors } = await openReport(browser, join(dir, 'index.html'), '#frame=6');
      const bars = await page.$$eval('g.bar title', (ts) => ts.map((t) => t.textContent));
      expect(bars).toEqual(input.timeline.calls.map((c) => (c.result === 'None' ? `${c.name}(${c.args})` : `${c.name}(${c.args}) → ${c.result}`)));
      expect(bars).toContain("recv(32) → b'INI ADALAH DATA YANG DIKIRIM ABC'");
      expect(await page.textContent('#comment')).toBe(CATALOGS.en.causeCall('sendall(46)', 46, 'en'));
      expect(await page.textContent('#changes')).toMatch(/mesin1 #\d+  Recv-Q  (–|0) → 46/);
      expect(await page.$$eval('path.plot', (p) => p.length)).toBeGreaterThan(0);
      await page.screenshot({ path: artifactPath('report-echo-run.png'), fullPage: true });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    });

    it('shows each recv\'s bytes on its program lane and each Recv-Q\'s peak', async () => {
      const dir = tempDir();
      await writeRunReport(dir, await echoRunInput('en'));
      const { page } = await openReport(browser, join(dir, 'index.html'));
      const bars = await page.$$eval('g.bar title', (ts) => ts.map((t) => t.textContent ?? ''));
      const recvBytes = (prefix: string): number[] =>
        bars.filter((b) => b.startsWith(prefix)).map((b) => /→ b'(.*)'$/.exec(b)![1]!.length);
      expect(recvBytes('recv(32)')).toEqual([32, 14, 0]);
      expect(recvBytes('recv(16)')).toEqual([16, 16, 14]);
      const peaks = await page.$$eval('path.plot.recvQ', (ps) => ps.map((p) => [p.querySelector('title')!.textContent, Number(p.getAttribute('data-peak'))]));
      // the server's connection peaks at 46 bytes, the client's at 32 (the listener stays at 0)
      expect(peaks.filter(([, peak]) => Number(peak) > 0).map(([name, peak]) => [String(name).replace(/#\d+/, '#'), peak]).sort()).toEqual([['mesin1 # Recv-Q', 46], ['mesin2 # Recv-Q', 32]]);
    });

    it('speaks Indonesian when asked, with the filter fields and tshark text untouched', async () => {
      const dir = tempDir();
      await writeRunReport(dir, await echoRunInput('id'));
      const { page } = await openReport(browser, join(dir, 'index.html'), '#frame=6');
      expect(await page.getAttribute('html', 'lang')).toBe('id');
      expect(await page.textContent('#count')).toBe(CATALOGS.id.shown(14, 14, 'id'));
      expect(await page.textContent('#comment')).toBe(CATALOGS.id.causeCall('sendall(46)', 46, 'id'));
      expect(await page.textContent('#tree')).toContain('Transmission Control Protocol, Src Port:');
    });
  });
});
