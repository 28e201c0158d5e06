/**
 * Headless Chromium for the report tests: Debian's `chromium` package driven by playwright-core
 * (never a downloaded browser). Without /usr/bin/chromium the tests skip and say so, unless
 * LABWIRE_REQUIRE_BROWSER=1, when they fail.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.LABWIRE_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(CHROMIUM);
export const REQUIRE_BROWSER = process.env.LABWIRE_REQUIRE_BROWSER === '1';

if (!HAVE_BROWSER) {
  const why = `report browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-dejavu-core)`;
  if (REQUIRE_BROWSER) throw new Error(`${why}, and LABWIRE_REQUIRE_BROWSER=1`);
  process.stderr.write(`${why}: skipped\n`);
}

/** Where screenshots go: gitignored (out/). */
export const ARTIFACTS = join(import.meta.dirname, '../../out/test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface OpenedReport {
  readonly page: Page;
  /** every request the page made other than loading the file itself */
  readonly requests: string[];
  /** uncaught errors in the page */
  readonly errors: string[];
}

/** Open a report file; every other request is recorded and aborted. */
export async function openReport(browser: Browser, file: string, hash = '', viewport = { width: 1400, height: 900 }): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport });
  const url = `file://${file}`;
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.split('#')[0] === url) return route.continue();
    requests.push(u);
    return route.abort();
  });
  page.on('request', (r) => {
    if (r.url().split('#')[0] !== url && !requests.includes(r.url())) requests.push(r.url());
  });
  await page.goto(url + hash);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  return { page, requests, errors };
}

/** The frame numbers of the arrows drawn now. */
export async function arrowFrames(page: Page): Promise<number[]> {
  return page.$$eval('g.arrow', (gs) => gs.map((g) => Number(g.getAttribute('data-frame'))));
}

/** Type a filter as a user would, and wait for the ladder to be redrawn. */
export async function typeFilter(page: Page, text: string): Promise<void> {
  await page.fill('#filter', text);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
