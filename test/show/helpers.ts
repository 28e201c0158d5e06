/** Running show in-process and tshark on the same file, for line-by-line comparison. */
import { showCaptureFile } from '../../src/cli/show.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { runTshark } from '../helpers/tshark.ts';
export { tempDir } from './build.ts';

/** The real-Linux echo capture (test/fixtures/real/echo10000): mesin1 `any` (SLL v1) and mesin2 eth1 (Ethernet). */
export const REAL_CAPTURES = ['echo10000/mesin1-any.pcap', 'echo10000/mesin2-eth1.pcap'].map(realCapturePath) as [string, string];

export interface Shown {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

export async function show(path: string, opts: { filter?: string; verbose?: boolean; frame?: number } = {}): Promise<Shown> {
  let out = '';
  let err = '';
  const status = await showCaptureFile(path, opts, (s) => (out += s), (s) => (err += s));
  return { status, out, err };
}

export function tshark(path: string, ...args: string[]): string {
  const r = runTshark(['-r', path, ...args]);
  if (r.status !== 0) throw new Error(`tshark -r ${path} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export function lines(s: string): string[] {
  return s.split('\n').filter((l) => l !== '');
}

/** Frame numbers of a packet list. */
export function frameNumbers(list: string): number[] {
  return lines(list).map((l) => Number(l.trim().split(' ')[0]));
}
