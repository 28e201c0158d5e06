/**
 * How a Python child is started: the interpreter (the real executable behind `python3`,
 * not a pyenv shim), and the isolation this host allows — an empty network namespace with
 * its own hostname (`unshare -rnu`), ASLR off (`setarch -R`) so object addresses repeat.
 * Each probe runs once per labwire process; the run report says what was missing.
 */
import { spawnSync } from 'node:child_process';
import { machine } from 'node:os';

export interface Isolation {
  /** the child runs in an empty network namespace and UTS namespace of its own */
  readonly netns: boolean;
  /** address-space randomisation is off for the child */
  readonly aslrOff: boolean;
}

let probed: Isolation | undefined;
const interpreters = new Map<string, string>();

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

export function probeIsolation(): Isolation {
  probed ??= {
    netns: works('unshare', ['-rnu', 'true']),
    aslrOff: works('setarch', [machine(), '-R', 'true']),
  };
  return probed;
}

/** The interpreter's own path (sys.executable), or an Error saying why there is none. */
export function resolvePython(command = 'python3'): string {
  const known = interpreters.get(command);
  if (known) return known;
  const r = spawnSync(command, ['-c', 'import sys; print(sys.executable); print(*sys.version_info[:3])'], { encoding: 'utf8' });
  const [path = '', version = ''] = r.stdout?.trim().split('\n') ?? [];
  const [major = 0, minor = 0] = version.split(' ').map(Number);
  if (r.status !== 0 || !path || !version) {
    const why = r.error?.message ?? (r.stderr?.trim().split('\n').pop() || `it exited with status ${r.status ?? r.signal} and printed no version`);
    throw new Error(`cannot run ${command} (Python 3.11 or newer is needed): ${why}`);
  }
  if (major < 3 || (major === 3 && minor < 11)) throw new Error(`${command} is Python ${version.replace(/ /g, '.')}: labwire's shim needs 3.11 or newer`);
  interpreters.set(command, path);
  return path;
}

/** argv that starts `python file args…` with the isolation available here */
export function childCommand(python: string, file: string, args: readonly string[], iso: Isolation): string[] {
  const cmd: string[] = [];
  if (iso.netns) cmd.push('unshare', '-rnu');
  if (iso.aslrOff) cmd.push('setarch', machine(), '-R');
  return [...cmd, python, file, ...args];
}
