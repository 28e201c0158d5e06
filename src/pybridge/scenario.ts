/**
 * Python programs in a scenario, beside TypeScript ones: `pythonPrograms([...])` turns
 * (machine, file, argv, start time, stdin) entries into the scenario's program specs, each a
 * bridge to a Python child. `endPythonRun()` is called once the run is over: it stops the
 * children still blocked (a server in accept), lists them, and hands over the report.
 */
import { basename } from 'node:path';
import type { LabSpec, ProgramSpec } from '../sim/scenario.ts';
import { labAddresses } from './reach.ts';
import type { ResolverFactory } from '../stack/socket/context.ts';
import { pythonProgram } from './program.ts';
import { BridgeReport } from './report.ts';
import { callName, stopLiveChildren } from './child.ts';

export interface PythonProgramEntry {
  /** the machine it runs on */
  readonly on: string;
  readonly file: string;
  readonly args?: readonly string[];
  /** start time, as a scenario's programs take it (ns, or '1s'); default 0 */
  readonly at?: ProgramSpec['at'];
  /** standard input, then end of file */
  readonly stdin?: string;
  /** the run does not wait for it (a server) */
  readonly daemon?: boolean;
  /** the run waits for it only while it does more than wait for clients (ProgramSpec.background) */
  readonly background?: ProgramSpec['background'];
  /** the name in transcripts, default the file's base name */
  readonly name?: string;
}

export interface PythonOptions {
  /** the scenario's lab: reaching addresses outside it is not simulated */
  readonly lab?: LabSpec;
  readonly resolver?: ResolverFactory;
  readonly python?: string;
  readonly tz?: string;
  readonly readAhead?: boolean;
  readonly watchdogSeconds?: number;
}

let current = new BridgeReport();

export function pythonPrograms(entries: readonly PythonProgramEntry[], o: PythonOptions = {}): ProgramSpec[] {
  const reachable = o.lab ? labAddresses(o.lab) : undefined;
  return entries.map((e) => {
    const name = e.name ?? basename(e.file);
    return {
      on: e.on,
      name,
      at: e.at ?? 0,
      daemon: e.daemon ?? false,
      ...(e.background ? { background: e.background } : {}),
      run: (ctx) => pythonProgram({ file: e.file, args: e.args, stdin: e.stdin }, { ...o, reachable, host: e.on, name, report: current })(ctx.sys),
    };
  });
}

/** The run is over: stop the Python children still running and return the report. */
export function endPythonRun(): BridgeReport {
  const report = current;
  for (const c of stopLiveChildren()) {
    const calls = [...c.inCall].map(([tid, op]) => (tid === 0 ? callName(op) : `${callName(op)} in thread ${tid}`));
    report.stillRunning.push({ file: c.o.file, calls });
  }
  current = new BridgeReport();
  return report;
}
