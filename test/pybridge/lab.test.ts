import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import echo from '../../scenarios/echo.ts';
import echo32444 from '../../scenarios/echo-32444.ts';
import socketInfo from '../../scenarios/socket-info.ts';
import socketInfoTypo from '../../scenarios/socket-info-typo.ts';
import socketInfoNoResolver from '../../scenarios/socket-info-no-resolver.ts';
import echoThreads from '../../scenarios/echo-threads.ts';
import echoSelect from '../../scenarios/echo-select.ts';
import echoSelectors from '../../scenarios/echo-selectors.ts';
import { runPy, runTs, PROGRAMS, LAB_PROGRAMS } from './run-world.ts';

const server = join(LAB_PROGRAMS, 'server.py');
const client = join(LAB_PROGRAMS, 'client.py');
const socketInfoPy = join(PROGRAMS, 'socket_info.py');

describe("the lab's Python programs, unmodified, give the TypeScript scenarios' transcripts and captures byte for byte", () => {
  it('echo (port 10000) and echo-32444', async () => {
    for (const [ts, args] of [[echo, []], [echo32444, ['32444']]] as const) {
      const want = await runTs(ts, 5);
      const got = await runPy(ts, [
        { on: 'mesin1', file: server, args, daemon: true },
        { on: 'mesin2', file: client, args, at: 1e9 },
      ], 5);
      expect(got.transcript).toEqual(want.transcript);
      expect(got.captures).toEqual(want.captures);
      expect(got.report.stillRunning).toEqual([{ file: server, calls: ['accept()'] }]);
    }
  }, 60_000);

  it('socket_info.py on mesin1 and mesin2, and with the typo host', async () => {
    const want = await runTs(socketInfo, 3);
    const got = await runPy(socketInfo, [{ on: 'mesin1', file: socketInfoPy, at: 1e9 }, { on: 'mesin2', file: socketInfoPy, at: 1e9 }], 3);
    expect(got.transcript).toEqual(want.transcript);
    expect(got.captures).toEqual(want.captures);
    const wantTypo = await runTs(socketInfoTypo, 3);
    const typo = await runPy(socketInfoTypo, [{ on: 'mesin1', file: socketInfoPy, at: 1e9, args: ['www.espnfc.cosm', 'www.its.ac.id'] }], 3);
    expect(typo.transcript).toEqual(wantTypo.transcript);
    expect(typo.transcript.some((l) => l.endsWith('ERROR : [Errno -2] Name or service not known'))).toBe(true);
    expect(typo.captures).toEqual(wantTypo.captures);
  }, 60_000);

  it('socket_info.py with the resolver switched off: the retries, then [Errno -3]', async () => {
    const want = await runTs(socketInfoNoResolver, 3);
    const got = await runPy(socketInfoNoResolver, [{ on: 'mesin1', file: socketInfoPy, at: 1e9, args: ['www.espnfc.com'] }], 3);
    // the uncaught error's traceback: Python prints its frames, the TypeScript program cannot
    const body = / stderr {3}/;
    expect(got.transcript.filter((l) => !body.test(l))).toEqual(want.transcript);
    expect(got.transcript.filter((l) => body.test(l)).length).toBeGreaterThan(0);
    expect(got.transcript.at(-1)).toMatch(/stderr socket\.gaierror: \[Errno -3\] Temporary failure in name resolution$/);
    expect(got.transcript.some((l) => l.endsWith('ERROR : [Errno -3] Temporary failure in name resolution'))).toBe(true);
    expect(got.captures).toEqual(want.captures);
  }, 60_000);
});

describe('what lies outside the lab', () => {
  it('connecting to 192.0.2.1 is not simulated: an error naming the call and file:line, and a failed run', async () => {
    const r = await runPy(socketInfoTypo, [{ on: 'mesin1', file: join(PROGRAMS, 'outside.py'), at: 1e9 }], 1);
    expect(r.transcript.map((l) => l.split(' ').slice(4).join(' '))).toEqual(['NotSimulatedError reaching 192.0.2.1 (outside the scenario) is not simulated by labwire (outside.py:6)']);
    expect(r.report.failed).toBe(true);
    expect(r.captures[0]!.length).toBe(24); // nothing left the machine: an empty capture
  }, 60_000);
});

describe('concurrent servers in the course styles equal their TypeScript scenarios byte for byte', () => {
  const clients = [
    { on: 'mesin1', file: client, at: 1e9 },
    { on: 'mesin2', file: client, at: 1.0001e9 },
    { on: 'mesin3', file: client, at: 1.0002e9 },
  ];
  for (const [ts, file] of [[echoThreads, 'server_thread.py'], [echoSelect, 'server_select.py'], [echoSelectors, 'server_selectors.py']] as const) {
    it(`${file} with three clients at once = ${ts.name}`, async () => {
      const want = await runTs(ts, 9);
      const got = await runPy(ts, [{ on: 'mesin1', file: join(PROGRAMS, file), daemon: true }, ...clients], 9);
      expect(got.transcript).toEqual(want.transcript);
      expect(got.captures).toEqual(want.captures);
    }, 60_000);
  }
});
