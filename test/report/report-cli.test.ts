/** `labwire report FILE`: one self-contained page, identical for identical input; bad input exits 2 with nothing written. */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/scenario.ts';
import { echoCaptures } from './echo-captures.ts';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('labwire report', () => {
  it('writes one page that asks for nothing from outside (CSP default-src none, no URL in a src or href)', async () => {
    const { files } = await echoCaptures();
    const dir = tempDir();
    const r = await cli('report', files.get('mesin2-eth1')!.path, '--out', dir);
    expect(r.code).toBe(0);
    const page = readFileSync(join(dir, 'echo.mesin2-eth1.html'), 'utf8');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'">/);
    expect(page).not.toMatch(/\s(src|href)=/);
    expect(readdirSync(dir)).toEqual(['echo.mesin2-eth1.html']);
  });

  it('gives byte-identical pages for the same capture, in each language', async () => {
    const { files } = await echoCaptures();
    for (const lang of ['en', 'id']) {
      const [a, b] = [tempDir(), tempDir()];
      await cli('report', files.get('mesin1-any')!.path, '--out', a, '--lang', lang);
      await cli('report', files.get('mesin1-any')!.path, '--out', b, '--lang', lang);
      expect(readFileSync(join(a, 'echo.mesin1-any.html')).equals(readFileSync(join(b, 'echo.mesin1-any.html')))).toBe(true);
    }
  });

  it('refuses a file that is not a capture, naming it, exit 2, nothing written', async () => {
    const dir = tempDir();
    const bogus = join(dir, 'notes.txt');
    writeFileSync(bogus, 'hello, not a pcap');
    const out = join(dir, 'out');
    const r = await cli('report', bogus, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bogus}: at offset 0: not a pcap or pcapng file`);
    expect(existsSync(out)).toBe(false);
    const missing = await cli('report', join(dir, 'nope.pcap'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.pcap: cannot open');
  });

  it('rejects an unknown language by name', async () => {
    const { files } = await echoCaptures();
    const r = await cli('report', files.get('mesin1-any')!.path, '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--lang must be en or id, got "fr"');
  });
});
