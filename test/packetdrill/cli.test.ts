/** `labwire packetdrill`: the table for the project's own scripts, JSON on request, bad paths named with exit 2. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const scripts = join(import.meta.dirname, 'scripts');

describe('labwire packetdrill', () => {
  it('runs a folder of scripts and prints the table, exit 0 when none fails', async () => {
    const r = await cli('packetdrill', scripts);
    expect(r.code).toBe(0);
    const n = readdirSync(scripts).filter((f) => f.endsWith('.pkt')).length;
    expect(n).toBeGreaterThan(3);
    expect(r.out).toMatch(new RegExp(`^total\\s+${n}\\s+${n}\\s+0\\s+0\\s+0$`, 'm'));
  });

  it('gives JSON with --json', async () => {
    const r = await cli('packetdrill', join(scripts, 'nagle-echo-46.pkt'), '--json');
    const json = JSON.parse(r.out) as { results: { outcome: { status: string } }[] };
    expect(json.results.map((x) => x.outcome.status)).toEqual(['pass']);
  });

  it('writes the capture of a failing script and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-pd-'));
    const file = join(dir, 'wrong.pkt');
    writeFileSync(file, '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 1000 <mss 1460>\n+0 > S. 0:0(0) ack 1 win 1 <mss 1460>\n');
    const r = await cli('packetdrill', file, '--pcap-dir', join(dir, 'pcaps'));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL ${file}:5: tcp window: expected S. 0:0(0) ack 1 win 1 <mss 1460>`);
    expect(readdirSync(join(dir, 'pcaps'))).toEqual([`${dir.split('/').at(-1)}-wrong.pcap`]);
  });

  it('names a path that does not exist, exit 2', async () => {
    const r = await cli('packetdrill', '/nonexistent/x.pkt');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent/x.pkt: no such file or directory');
  });
});
