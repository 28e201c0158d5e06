/**
 * The CLI finds its own child processes in /proc (to stop a stalled run's Python programs at
 * once): a child it spawned is listed under its pid, an unrelated process is not.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childPids } from '../../src/cli/children.ts';

describe.skipIf(!existsSync('/proc/self/stat'))('childPids', () => {
  it('lists a child this process spawned, and not its parent or itself', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const pids = childPids(process.pid);
      expect(pids).toContain(child.pid);
      expect(pids).not.toContain(process.pid);
      expect(childPids(child.pid!)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
