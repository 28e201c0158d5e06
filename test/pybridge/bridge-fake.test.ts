import { describe, expect, it } from 'vitest';
import { runFake } from './run-fake.ts';

describe('the bridge against a fake host', () => {
  it('clocks, random, uuid, secrets, pid, set order and object addresses repeat with one seed and change with another', async () => {
    const a = await runFake('clocks.py', [], 7);
    const b = await runFake('clocks.py', [], 7);
    const c = await runFake('clocks.py', [], 8);
    expect(a.error).toBeNull();
    expect(a.text).toBe(b.text);
    expect(a.lines).toContain('1 time 1747985640.0');
    expect(a.lines).toContain('1 now 2025-05-23 07:34:00');
    expect(a.lines).toContain('1 after sleep 1.5');
    const pick = (r: typeof a, k: string) => r.lines.find((l) => l.startsWith(`1 ${k} `));
    for (const k of ['random', 'uuid4', 'token']) expect(pick(c, k)).not.toBe(pick(a, k));
  }, 30_000);

  it('raises Linux errors with Linux texts, tracebacks hold no shim frame, not-simulated calls are reported', async () => {
    const r = await runFake('errors.py');
    expect(r.lines).toContain('1 refused: [Errno 111] Connection refused');
    expect(r.lines).toContain('1 ERROR : [Errno -2] Name or service not known');
    expect(r.lines.some((l) => /^1 fork: os\.fork\(\) is not simulated by labwire \(errors\.py:15\)$/.test(l))).toBe(true);
    const tb = r.lines.filter((l) => l.startsWith('2 '));
    expect(tb[0]).toBe('2 Traceback (most recent call last):');
    expect(tb.at(-1)).toBe('2 ConnectionRefusedError: [Errno 111] Connection refused');
    expect(tb.filter((l) => l.includes('File ')).length).toBe(1);
    expect(r.report.failed).toBe(true);
    expect(r.report.programs[0]!.unsupported).toEqual([{ what: 'os.fork()', where: 'errors.py:15' }]);
    expect((r.error as { code: number }).code).toBe(1);
  }, 30_000);

  it('runs threads, locks, queues and a thread pool as simulated threads', async () => {
    const a = await runFake('threads_queue.py');
    expect(a.error).toBeNull();
    expect(a.lines).toContain('1 counter 6');
    expect(a.lines).toContain('1 squares [0, 1, 4, 9, 16]');
    const b = await runFake('threads_queue.py');
    expect(b.text).toBe(a.text);
  }, 30_000);
});
