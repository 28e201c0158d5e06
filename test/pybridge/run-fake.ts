/** Run one Python program against the fake host (no World): its transcript and report. */
import { pythonProgram } from '../../src/pybridge/program.ts';
import { BridgeReport } from '../../src/pybridge/report.ts';
import type { NameResolver } from '../../src/stack/socket/resolver.ts';
import { gaiError, EAI_NONAME } from '../../src/stack/socket/errors.ts';
import { fakeHost } from './fake-sys.ts';
import { join } from 'node:path';

export const PROGRAMS = join(import.meta.dirname, 'programs');

const resolver = (): NameResolver => ({
  gethostname: () => 'fakehost',
  gethostbyname: async (n: string) => {
    if (n === 'localhost') return '127.0.0.1';
    throw gaiError(EAI_NONAME);
  },
  gethostbyname_ex: async () => {
    throw gaiError(EAI_NONAME);
  },
  gethostbyaddr: async () => {
    throw gaiError(EAI_NONAME);
  },
  getaddrinfo: async () => {
    throw gaiError(EAI_NONAME);
  },
});

export interface FakeRun {
  readonly text: string;
  readonly lines: readonly string[];
  readonly report: BridgeReport;
  readonly error: unknown;
}

export async function runFake(file: string, args: string[] = [], seed = 1, extra: { stdin?: string; watchdogSeconds?: number; frozenLoopCalls?: number } = {}): Promise<FakeRun> {
  const host = fakeHost('fakehost', seed);
  const report = new BridgeReport();
  let error: unknown = null;
  try {
    await pythonProgram({ file: join(PROGRAMS, file), args, stdin: extra.stdin }, { host: 'mesin1', name: file, report, resolver, watchdogSeconds: extra.watchdogSeconds, frozenLoopCalls: extra.frozenLoopCalls })(host.sys);
  } catch (e) {
    error = e;
  }
  const lines = host.lines.map((l) => `${l.stream === 'stdout' ? '1' : '2'} ${l.text}`);
  return { text: lines.join('\n'), lines, report, error };
}
