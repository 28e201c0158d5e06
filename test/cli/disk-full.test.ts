/**
 * A full disk without a small filesystem to fill (no root needed): node:fs's writeSync fails
 * with ENOSPC, as the kernel's write(2) does, and the run exits 4 naming the file, with no
 * temporary file left and nothing under a final name. errors-table.test.ts does the same on a
 * real 64 KiB tmpfs where it may mount one.
 */
import { describe, expect, it, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { cli, tempDir } from './helpers.ts';

const full = vi.hoisted(() => ({ on: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (full.on) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

describe('a full disk (ENOSPC injected)', () => {
  it('exits 4 naming the capture it could not write; no .partial and no capture left', async () => {
    const out = tempDir();
    full.on = true;
    try {
      const r = await cli('run', 'ping', '--out', out);
      expect(r.err).toMatch(/^labwire: \S+\/ping\.mesin1-any\.pcap: no space left on the device\n\s+hint: free some space/);
      expect(r.code).toBe(4);
    } finally {
      full.on = false;
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('writes everything once the disk has room again', async () => {
    const out = tempDir();
    expect((await cli('run', 'ping', '--out', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['ping.mesin1-any.pcap', 'ping.mesin1.txt', 'ping.mesin2-eth1.pcap']);
  });
});
