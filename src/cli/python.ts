/**
 * `labwire run --py MACHINE=FILE [ARGS…]` options, taken out of the command line before the
 * run command's own parser sees it (which keeps one value per option):
 *   --py 'mesin2=client.py 32444'   a Python program on a machine (repeatable); a trailing
 *                                  ' &' runs it in the background (a server the run does not wait for)
 *   --at mesin2=1s                  when that machine's programs start (s, ms, us, ns; default 0)
 *   --stdin mesin2=TEXT             what they read on standard input
 *   --python PATH                   the interpreter (default python3)
 */
import { parseDuration } from '../sim/duration.ts';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from './errors.ts';
import { shellWords } from './shell-words.ts';
import { defineScenario, type ScenarioSpec } from '../sim/scenario.ts';
import { progjar } from '../labs/progjar/lab.ts';
import { BUSY_QUANTUM } from '../stack/syscall/blocking.ts';
import type { SimProcess } from '../sim/process.ts';

export interface PyProgramArg {
  readonly machine: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly at: number;
  readonly stdin?: string;
  /** written with a trailing '&': a server the run does not wait for */
  readonly daemon?: boolean;
}

export interface PyArgs {
  readonly programs: readonly PyProgramArg[];
  readonly python?: string;
  /** the command line without the options above */
  readonly rest: readonly string[];
}

export const PY_HELP = `Python programs (instead of, or beside, a scenario):
  --py 'M=FILE [ARGS]'  run FILE with ARGS on machine M (repeatable; the lab's machines by default);
                    'M=FILE [ARGS] &' runs it in the background: the run does not wait for it.
                    Without '&' the run waits for a program until it ends or only waits for
                    clients (accept, select on a listening socket…); a server needs no '&'.
  --at M=TIME       start M's programs at TIME (1s, 250ms, 10us; default 0)
  --stdin M=TEXT    standard input of M's programs (then end of file)
  --python PATH     the Python interpreter (default python3; 3.11 or newer)
`;

/** "1s", "250ms", "1.5" (seconds) as simulated nanoseconds: the scenario's durations (sim/duration.ts), and a bare number in seconds */
export function parseAt(text: string, what: string): number {
  const t = text.trim();
  const d = parseDuration(/^\d+(?:\.\d+)?$/.test(t) ? `${t}s` : t);
  if (!d.ok) throw new UsageError(`${what}: ${d.why}`);
  return d.nanos;
}

function machineValue(option: string, v: string): [string, string] {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new UsageError(`${option} takes MACHINE=VALUE, not ${JSON.stringify(v)}`);
  return [v.slice(0, eq), v.slice(eq + 1)];
}

/** Take the Python options out of argv. */
export function extractPyArgs(argv: readonly string[]): PyArgs {
  const rest: string[] = [];
  const programs: { machine: string; file: string; args: string[]; daemon?: boolean }[] = [];
  const at = new Map<string, number>();
  const stdin = new Map<string, string>();
  let python: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^(--py|--at|--stdin|--python)(?:=(.*))?$/s.exec(a);
    if (!m) {
      rest.push(a);
      if (a === '--') rest.push(...argv.slice(i + 1));
      if (a === '--') break;
      continue;
    }
    const option = m[1]!;
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new UsageError(`${option} needs a value`);
    if (option === '--python') python = v;
    else if (option === '--py') {
      const [machine, command] = machineValue(option, v);
      const background = /\s&\s*$/.test(command);
      const words = shellWords(command.replace(/\s&\s*$/, ''));
      if ('error' in words) throw new UsageError(`--py ${v}: ${words.error}`);
      const [file, ...args] = words;
      if (!file) throw new UsageError(`--py ${v}: which .py file?`);
      programs.push({ machine, file, args, ...(background ? { daemon: true } : {}) });
    } else if (option === '--at') {
      const [machine, time] = machineValue(option, v);
      at.set(machine, parseAt(time, `--at ${machine}`));
    } else {
      const [machine, text] = machineValue(option, v);
      stdin.set(machine, text);
    }
  }
  for (const machine of [...at.keys(), ...stdin.keys()]) {
    if (!programs.some((p) => p.machine === machine)) throw new UsageError(`--at/--stdin name ${machine}, which runs no --py program`);
  }
  return {
    programs: programs.map((p) => ({ ...p, at: at.get(p.machine) ?? 0, ...(stdin.has(p.machine) ? { stdin: stdin.get(p.machine) } : {}) })),
    python,
    rest,
  };
}

/**
 * The Python bridge, loaded by the first run that has --py programs: a run without them does
 * not load it (nor the child-process machinery behind it), which keeps `labwire run` quick to start.
 */
type Bridge = Pick<typeof import('../pybridge/scenario.ts'), 'pythonPrograms' | 'endPythonRun'> & Pick<typeof import('../pybridge/isolation.ts'), 'resolvePython'>;
let bridge: Bridge | undefined;

async function loadBridge(): Promise<Bridge> {
  if (!bridge) {
    const [{ pythonPrograms, endPythonRun }, { resolvePython }] = await Promise.all([import('../pybridge/scenario.ts'), import('../pybridge/isolation.ts')]);
    bridge = { pythonPrograms, endPythonRun, resolvePython };
  }
  return bridge;
}

/** what parseRunArgs sees as the scenario when only --py programs are given */
const PY_ONLY = '(--py programs)';

/** The run command's own options, with the Python ones taken out first (a scenario may be absent). */
export function parseWithPython<O extends { readonly scenario: string }>(argv: readonly string[], parse: (argv: readonly string[]) => O | 'help'): { o: O | 'help'; py: PyArgs } {
  const py = extractPyArgs(argv);
  try {
    return { o: parse(py.rest), py };
  } catch (e) {
    if (!py.programs.length || !(e instanceof UsageError) || !/^which scenario/.test(e.message)) throw e;
    return { o: parse([...py.rest, '--', PY_ONLY]), py };
  }
}

/** The named scenario (with the Python programs added), or the Python programs alone. */
export async function scenarioWithPython(name: string, py: PyArgs, load: (name: string) => Promise<{ spec: ScenarioSpec; file: string }>): Promise<{ spec: ScenarioSpec; file: string }> {
  const named = name === PY_ONLY ? null : await load(name);
  return py.programs.length ? withPython(named, py, await loadBridge()) : named!;
}

/**
 * The scenario to run: the named one with the Python programs added, or — with no scenario
 * named — the Python programs alone on the lab's machines, capturing `any` on each machine
 * that runs one. A program written with a trailing '&' is a daemon (the run does not wait for
 * it); the run waits for any other until it has ended or only waits for clients (a server in
 * accept, serving.ts), and one that starts before another also once it busy-waits.
 */
function withPython(named: { spec: ScenarioSpec; file: string } | null, py: PyArgs, { resolvePython, pythonPrograms }: Bridge): { spec: ScenarioSpec; file: string } {
  try {
    if (py.programs.length) resolvePython(py.python);
  } catch (e) {
    throw new UsageError(`--python: ${(e as Error).message}`);
  }
  const last = Math.max(...py.programs.map((p) => p.at));
  const programs = pythonPrograms(
    // a server needs no '&': the run stops waiting for a program once it only waits for clients
    // (src/sim/serving.ts); one that starts before another may also busy-wait meanwhile
    py.programs.map((p) => ({ on: p.machine, file: p.file, args: p.args, at: p.at, stdin: p.stdin, ...(p.daemon ? { daemon: true } : { background: p.at < last ? 'idle' as const : 'serving' as const }) })),
    { lab: named?.spec.lab ?? progjar, ...(py.python ? { python: py.python } : {}) },
  );
  const lab = named?.spec.lab ?? progjar;
  for (const p of py.programs) {
    if (!(p.machine in lab.machines)) throw new UsageError(`--py ${p.machine}=…: the lab has no machine ${p.machine} (${Object.keys(lab.machines).join(', ')})`);
    if (!existsSync(p.file)) throw new UsageError(`--py ${p.machine}=${p.file}: no such file`);
  }
  if (named) return { spec: { ...named.spec, programs: [...named.spec.programs, ...programs] }, file: named.file };
  const machines = [...new Set(py.programs.map((p) => p.machine))];
  const spec = defineScenario({
    name: 'python',
    summary: py.programs.map((p) => `${p.machine}: ${[basename(p.file), ...p.args].join(' ')}`).join('; '),
    lab: progjar,
    programs,
    captures: machines.map((on) => ({ on, iface: 'any' })),
  });
  return { spec, file: '--py' };
}

/**
 * After the run: the bridge's report lines, and the programs that busy-waited (their clocks
 * were moved on by the system-call layer); 1 when the bridge makes the run fail (not simulated, stuck).
 */
export function finishPython(py: PyArgs, out: (s: string) => void, processes: readonly SimProcess[] = []): number {
  // no bridge loaded: scenarioWithPython never got as far as the programs, so none ran
  if (!py.programs.length || !bridge) return 0;
  const report = bridge.endPythonRun();
  const lines = report.lines();
  for (const p of processes) {
    if (p.busy) lines.push(`${p.host} ${p.name}: polled without blocking; its clock was moved on ${p.busy.count} time${p.busy.count === 1 ? '' : 's'} by ${BUSY_QUANTUM / 1e6} ms (last in ${p.busy.what})`);
  }
  for (const { file, calls } of report.stillRunning) {
    lines.push(`${basename(file)} was still running at the end${calls.length ? `, waiting in ${calls.join(', ')}` : ''}, and was stopped`);
  }
  if (lines.length) out('\n' + lines.join('\n'));
  return report.failed ? 1 : 0;
}
