/**
 * The CLI writes the packet list as UTF-8 bytes straight from a reused read buffer into its
 * output buffer (show.ts BytePiece, capture reader's reuseBuffer); the library hands out
 * strings. Both must print the same text, whatever the frames and the -t format, and a piece
 * boundary or a buffer refill must not show in it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { showCaptureFile } from '../../src/cli/show.ts';
import { arpCapture, dnsCapture, icmpCapture, miscCapture, tcpCapture, tcpEdgeCapture } from './scenarios.ts';
import { REAL_CAPTURES } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../..');

function cli(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/labwire.mjs'), 'show', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

async function inProcess(path: string, time: 'r' | 'dd' | 'e'): Promise<string> {
  let out = '';
  const render = { verbose: false, hex: false, summary: false, time, quiet: false } as const;
  expect(await showCaptureFile(path, { render }, (s) => (out += s), () => {})).toBe(0);
  return out;
}

describe('the packet list as the CLI writes it (bytes) and as the library gives it (strings)', () => {
  const captures = (): string[] => [
    arpCapture('eth'), icmpCapture('sll2', 'pcapng'), dnsCapture('sll'), tcpCapture('sll'), tcpEdgeCapture(), miscCapture(), ...REAL_CAPTURES,
  ];

  it('are the same text for every kind of frame', async () => {
    for (const path of captures()) expect(cli([path]), path).toBe(await inProcess(path, 'r'));
  }, 60_000);

  it('are the same text with -t dd and -t e', async () => {
    const path = tcpCapture('sll');
    expect(cli(['-t', 'dd', path])).toBe(await inProcess(path, 'dd'));
    expect(cli(['-t', 'e', path])).toBe(await inProcess(path, 'e'));
  }, 60_000);
});
