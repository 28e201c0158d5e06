/** The output folder after `labwire run`: one run's files, nothing stale, nothing half-written; --show. */
import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.ts';

describe('labwire run --out', () => {
  it("removes this scenario's outputs an earlier run wrote and this one did not (another format), naming them", async () => {
    const out = tempDir();
    expect((await cli('run', 'echo', '--out', out)).code).toBe(0);
    writeFileSync(join(out, 'echo-2mb.mesin1.txt'), 'another scenario\n');
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    mkdirSync(join(out, 'echo.mesin3.files'));
    const r = await cli('run', 'echo', '--out', out, '--format', 'pcapng');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^removed: \S+echo\.mesin1-any\.pcap \(an earlier run's output this run did not write\)$/m);
    expect(r.out).toMatch(/^removed: \S+echo\.mesin3\.files /m);
    expect(readdirSync(out).sort()).toEqual(['echo-2mb.mesin1.txt', 'echo.mesin1-any.pcapng', 'echo.mesin1.txt', 'echo.mesin2-eth1.pcapng', 'echo.mesin2.txt', 'notes.txt']);
  });

  it('leaves no temporary file behind after a run', async () => {
    const out = tempDir();
    await cli('run', 'echo-image', '--out', out);
    const all = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(d, e.name)) : [e.name]));
    expect(all(out).filter((n) => n.includes('partial'))).toEqual([]);
    expect(all(out)).toContain('echo.mesin1.txt'.replace('echo', 'echo-image'));
  });
});

describe('labwire run --show', () => {
  it('prints every capture as a packet list; --show-filter keeps the matching packets', async () => {
    const out = tempDir();
    const all = await cli('run', 'ping', '--out', out, '--show');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/ARP/);
    const some = await cli('run', 'ping', '--out', out, '--show-filter', 'icmp');
    expect(some.code).toBe(0);
    expect(some.out).toMatch(/Echo \(ping\) request/);
    expect(some.out).not.toMatch(/\bARP\b/);
  });
});
