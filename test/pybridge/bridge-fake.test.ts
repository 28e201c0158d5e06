import { describe, expect, it } from 'vitest';
import { readlinkSync } from 'node:fs';
import { runFake } from './run-fake.ts';
import { PythonExit } from '../../src/pybridge/program.ts';

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
    // a family the lab machine has but labwire does not simulate is named, not EAFNOSUPPORT
    expect(r.lines.some((l) => /^1 packet: socket\(AF_PACKET\) .* is not simulated by labwire \(errors\.py:19\)$/.test(l))).toBe(true);
    expect(r.lines).toContain('1 multicast: setsockopt(IP_ADD_SOURCE_MEMBERSHIP) (IP multicast) is not simulated by labwire (errors.py:23)');
    expect(r.report.programs[0]!.unsupported.map((u) => u.where)).toEqual(['errors.py:15', 'errors.py:19', 'errors.py:23']);
    expect((r.error as { code: number }).code).toBe(1);
  }, 30_000);

  it('runs the child in an empty network namespace where the host allows it; ssl is refused', async () => {
    const r = await runFake('isolation.py');
    const p = r.report.programs[0]!;
    expect(r.lines).toContain('1 ssl: ssl.SSLContext.wrap_socket() is not simulated by labwire (isolation.py:15)');
    if (p.isolation!.netns) {
      expect(p.netns).toMatch(/^net:\[\d+\]$/);
      expect(p.netns).not.toBe(readlinkSync('/proc/self/ns/net'));
      expect(r.lines).toContain('1 ctypes connect -1 Network is unreachable');
    } else {
      expect(r.report.lines().join('\n')).toMatch(/without an empty network namespace/);
    }
  }, 30_000);

  it('gives the program its stdin then end of file; the watchdog reports a thread blocked outside the simulation', async () => {
    const r = await runFake('stdin_then_pause.py', [], 1, { stdin: 'budi\n', watchdogSeconds: 1 });
    expect(r.lines.slice(0, 2)).toEqual(['1 hello budi', '1 EOFError: EOF when reading a line']);
    const stuck = r.report.programs[0]!.stuck!;
    expect(stuck).toMatch(/without a call into the simulation/);
    expect(stuck).toMatch(/stdin_then_pause\.py", line 10/);
    expect(r.report.failed).toBe(true);
  }, 30_000);

  it('stops a program whose loop never waits (no CPU profile: its calls take no time) and says why, naming the call', async () => {
    const r = await runFake('udp_flood.py', [], 1, { frozenLoopCalls: 3000 });
    const p = r.report.programs[0]!;
    expect(p.stuck).toMatch(/^made 3000 calls at one instant of simulated time without waiting once \(the last: sendto\(\)\)\. With --cpu none/);
    expect(p.stuck).toMatch(/--until TIME/);
    expect(r.report.failed).toBe(true);
    expect(r.error).toBeInstanceOf(PythonExit);
    // what it printed before it was stopped is kept: one line per datagram sent, in order
    expect(r.lines.slice(0, 3)).toEqual(['1 sent 1', '1 sent 2', '1 sent 3']);
  }, 30_000);

  it('reads a stdin bigger than a pipe holds, and a child writing a megabyte outside the simulation is not stalled (its diagnostics keep it)', async () => {
    const stdin = 'budi\n'.repeat(50_000);
    const r = await runFake('loud_outside.py', [], 1, { stdin, watchdogSeconds: 5 });
    expect(r.error).toBeNull();
    expect(r.lines).toContain(`1 stdin ${stdin.length} budi\n`.trimEnd());
    expect(r.lines.some((l) => /^1 after \d+\.5$/.test(l))).toBe(true);
    const p = r.report.programs[0]!;
    expect(p.stuck).toBeNull();
    expect(p.diagnostics).toBe('.'.repeat(1 << 20));
  }, 30_000);
});
