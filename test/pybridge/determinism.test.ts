import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { echoClient, echoServer } from '../../src/programs/progjar/echo.ts';
import { bigMessage } from '../../scenarios/echo-2mb.ts';
import echo from '../../scenarios/echo.ts';
import { runPy, onLab, transcriptOf, PROGRAMS, LAB_PROGRAMS } from './run-world.ts';
import { RecordingTimeline } from '../../src/sim/timeline.ts';
import { pythonPrograms, endPythonRun } from '../../src/pybridge/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { readCapture } from '../../src/capture/reader.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';

/** seconds from the first SYN to the last frame carrying data from port 10000, in a capture */
function wireSpan(bytes: Uint8Array): number {
  let first: readonly [number, number] | null = null;
  let last: readonly [number, number] = [0, 0];
  for (const e of readCapture(bytes)) {
    if (e.kind !== 'record') continue;
    const tcp = dissectFrame(e.data, e.linkType).tcp;
    if (tcp && !first && (tcp.flags & 0x02)) first = [e.sec, e.nsec];
    if (tcp && tcp.srcPort === 10000 && tcp.payload.length > 0) last = [e.sec, e.nsec];
  }
  return first ? last[0] - first[0] + (last[1] - first[1]) / 1e9 : NaN;
}

const lines = (t: string[]) => t.map((l) => l.split(' ').slice(4).join(' '));

describe('Python programs on the World are deterministic', () => {
  it('time, datetime, random, uuid4, secrets, getpid, set order and object() repeat with one seed; another seed changes the random draws', async () => {
    const entries = [{ on: 'mesin1', file: join(PROGRAMS, 'clocks.py'), at: 1e9 }];
    const a = await runPy(onLab('clocks', ['mesin1']), entries, 21);
    const b = await runPy(onLab('clocks', ['mesin1']), entries, 21);
    const c = await runPy(onLab('clocks', ['mesin1']), entries, 22);
    expect(b.transcript).toEqual(a.transcript);
    expect(lines(a.transcript)).toContain('time 1747985641.0');
    expect(lines(a.transcript)).toContain('now 2025-05-23 07:34:01');
    expect(lines(a.transcript)).toContain('after sleep 2.5');
    const pick = (t: string[], k: string) => lines(t).find((l) => l.startsWith(`${k} `));
    for (const k of ['random', 'uuid4', 'token']) expect(pick(c.transcript, k)).not.toBe(pick(a.transcript, k));
    for (const k of ['set', 'object']) expect(pick(c.transcript, k)).toBe(pick(a.transcript, k));
  }, 60_000);

  it('another seed changes ports and ISNs', async () => {
    const run = (seed: number) => runPy(echo, [
      { on: 'mesin1', file: join(LAB_PROGRAMS, 'server.py'), daemon: true },
      { on: 'mesin2', file: join(LAB_PROGRAMS, 'client.py'), at: 1e9 },
    ], seed);
    const [a, b] = [await run(1), await run(2)];
    const port = (t: string[]) => t.find((l) => l.includes('connection from'));
    expect(port(a.transcript)).not.toBe(port(b.transcript));
    expect(a.captures[0]).not.toEqual(b.captures[0]);
    expect(a.captures[0]!.length).toBe(b.captures[0]!.length);
  }, 60_000);

  it('timers, timed waits and joins run on the simulated clock', async () => {
    const r = await runPy(onLab('timers', ['mesin1']), [{ on: 'mesin1', file: join(PROGRAMS, 'timers.py') }], 1);
    expect(lines(r.transcript)).toEqual(['event True 0.5', 'empty after 0.75', 'joined None True 0.85', 'got late 1.75']);
  }, 60_000);

  it('threads, locks, queues and a thread pool', async () => {
    const entries = [{ on: 'mesin1', file: join(PROGRAMS, 'threads_queue.py') }];
    const a = await runPy(onLab('threads', ['mesin1']), entries, 1);
    expect(lines(a.transcript)).toEqual(['counter 6', 'order [(0, 0.0), (1, 0.01), (2, 0.03), (3, 0.06)]', 'squares [0, 1, 4, 9, 16]']);
    const b = await runPy(onLab('threads', ['mesin1']), entries, 1);
    expect(b.transcript).toEqual(a.transcript);
  }, 60_000);

  it('read-ahead changes nothing on the wire: a 256 KiB echo over loopback with it on, off, and in TypeScript', async () => {
    const size = 256 * 1024;
    const base = onLab('echo-256k', ['mesin1']);
    const ts = await runScenario(defineScenario({ ...base, programs: [
      { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
      { on: 'mesin1', name: 'client.py', at: 1e9, run: echoClient({ server: '127.0.0.1', port: 10000, message: bigMessage(size), logChunks: false }) },
    ] }), { seed: 4 });
    const entries = [
      { on: 'mesin1', file: join(LAB_PROGRAMS, 'server_quiet.py'), daemon: true },
      { on: 'mesin1', file: join(LAB_PROGRAMS, 'client_big.py'), args: [String(size), '10000', 'quiet', '127.0.0.1'], at: 1e9 },
    ];
    const on = await runPy(base, entries, 4, { readAhead: true });
    const off = await runPy(base, entries, 4, { readAhead: false });
    expect(on.captures).toEqual(off.captures);
    expect(on.captures[0]).toEqual(Buffer.from(ts.captures[0]!.bytes!));
    // the recv count depends on how TCP cut the stream (a short read at a segment edge adds one);
    // with read-ahead on and off the program must see the very same reads
    expect(lines(on.transcript)).toEqual(lines(off.transcript));
    // the client's clock agrees with the wire: from its SYN to the last echoed byte (a Nagle hold
    // on the server's last small write and the client's delayed ACK may put 40 ms in between)
    const timing = lines(on.transcript).find((l) => l.startsWith('TIMING received'));
    expect(timing).toMatch(new RegExp(`^TIMING received ${size} bytes in 1638[4-9] recv calls, total ${wireSpan(ts.captures[0]!.bytes!).toFixed(6)} s$`));
  }, 120_000);

  it('sends answered in the child change nothing: the same frames, lines and timeline with answers ahead on and off', async () => {
    const entries = [
      { on: 'mesin1', file: join(LAB_PROGRAMS, 'server.py'), daemon: true },
      { on: 'mesin2', file: join(PROGRAMS, 'send_ahead_client.py'), args: ['172.16.16.101', '10000'], at: 1e9 },
    ];
    const run = async (readAhead: boolean) => {
      const timeline = new RecordingTimeline();
      const spec = defineScenario({ ...onLab('send-ahead', ['mesin1']), programs: pythonPrograms(entries, { lab: progjar, readAhead }) });
      const r = await runScenario(spec, { seed: 5, timeline });
      endPythonRun();
      return { transcript: transcriptOf(r), captures: r.captures.map((c) => Buffer.from(c.bytes!)), timeline: timeline.data() };
    };
    const [on, off] = [await run(true), await run(false)];
    expect(on.captures).toEqual(off.captures);
    expect(on.transcript).toEqual(off.transcript);
    expect(on.timeline).toEqual(off.timeline);
    expect(on.timeline.calls.filter((c) => c.name === 'sendall').length).toBeGreaterThan(80);
    const out = lines(on.transcript.filter((l) => l.includes(' stdout ')));
    expect(out).toEqual(['sent 83480 echoed 83480', 'ERROR: [Errno 32] Broken pipe']);
  }, 120_000);

  it('with a CPU cost model nothing is answered ahead (time passes between calls): the same run with answers ahead on and off', async () => {
    const entries = [
      { on: 'mesin1', file: join(LAB_PROGRAMS, 'server.py'), daemon: true },
      { on: 'mesin2', file: join(PROGRAMS, 'send_ahead_client.py'), args: ['172.16.16.101', '10000'], at: 1e9 },
    ];
    const base = { ...onLab('send-ahead-cpu', ['mesin1']), cpu: 'python3' };
    const on = await runPy(base, entries, 5, { readAhead: true });
    const off = await runPy(base, entries, 5, { readAhead: false });
    expect(on.transcript).toEqual(off.transcript);
    expect(on.captures).toEqual(off.captures);
    expect(lines(on.transcript.filter((l) => l.includes(' stdout ')))).toEqual(['sent 83480 echoed 83480', 'ERROR: [Errno 32] Broken pipe']);
  }, 120_000);

  it("the process ends with its main thread: daemon threads parked in recv or on a lock end too; a thread's uncaught error is printed as Python does", async () => {
    const r = await runPy(onLab('daemons', ['mesin1']), [{ on: 'mesin1', file: join(PROGRAMS, 'daemon_thread.py') }], 1);
    expect(r.run.result.stall).toBeNull();
    const out = lines(r.transcript);
    expect(out[0]).toBe('Exception in thread worker:');
    expect(out).toContain("ValueError: bad value in a thread");
    expect(out.at(-1)).toBe('main ends');
    expect(r.run.result.processes.find((p) => p.name === 'daemon_thread.py')!.state).toBe('done');
  }, 60_000);
});
