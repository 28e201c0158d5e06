/**
 * The output folder of `labwire run`: made (or refused with the path and exit 4), swept of
 * temporary files that a killed run left behind, written atomically, and cleared of a
 * scenario's outputs from an earlier run that this run did not write again (a capture in
 * another format, a machine no longer captured), so `out/` holds one run's files.
 */
import { accessSync, constants, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { atomicFileSink, PARTIAL_FILE } from '../capture/atomic.ts';
import { EnvironmentError, environmentError } from './errors.ts';

/** Run `f` on files under `path`; an errno that is the machine's fault becomes an EnvironmentError naming `path`. */
export function onDisk<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw environmentError(e, path) ?? e;
  }
}

/** Make `dir` (and its parents) and check that it can be written. */
export function prepareOutDir(dir: string): void {
  onDisk(dir, () => mkdirSync(dir, { recursive: true }));
  if (!onDisk(dir, () => statSync(dir)).isDirectory()) throw new EnvironmentError(dir, 'is a file, not a folder', 'pass --out DIR naming a folder (it is created if missing)');
  onDisk(dir, () => accessSync(dir, constants.W_OK));
}

/** Is process `pid` still running (so its temporary file is in use)? */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the `.NAME.PID.partial` files of runs that are no longer running; returns their paths. */
export function removeStalePartials(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = PARTIAL_FILE.exec(n);
    if (!m || alive(Number(m[1]))) continue;
    const p = join(dir, n);
    onDisk(p, () => rmSync(p, { force: true }));
    removed.push(p);
  }
  return removed;
}

/** Write `bytes` to `path` so that `path` holds either nothing or all of it. */
export function writeOutput(path: string, bytes: string | Uint8Array): void {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  onDisk(path, () => {
    const sink = atomicFileSink(path);
    try {
      sink.write(data);
      sink.close();
    } catch (e) {
      sink.abort();
      throw e;
    }
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names in `dir` that scenario `name` writes for `hosts`: `NAME.HOST.txt`,
 * `NAME.HOST-IFACE.pcap|pcapng`, `NAME.HOST.files/`.
 */
export function scenarioOutputs(dir: string, name: string, hosts: readonly string[]): string[] {
  if (!hosts.length) return [];
  const pattern = new RegExp(`^${escape(name)}\\.(${hosts.map(escape).join('|')})(\\.txt|\\.files|-[A-Za-z0-9_.-]+\\.(pcap|pcapng))$`);
  try {
    return readdirSync(dir).filter((n) => pattern.test(n)).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** Remove `paths` (files or folders); returns them. */
export function removeOutputs(paths: readonly string[]): readonly string[] {
  for (const p of paths) onDisk(p, () => rmSync(p, { recursive: true, force: true }));
  return paths;
}
