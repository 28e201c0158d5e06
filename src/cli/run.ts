/** `labwire run SCENARIO`: replay a scenario, print each machine's transcript, write captures. */
import { join, dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import { environmentError, EXIT_HELP, UsageError } from './errors.ts';
import { parseRunArgs, type RunOptions } from './run-args.ts';
import { runScenario, DEFAULT_SEED, type ScenarioRun } from '../sim/run-scenario.ts';
import { watchdog } from './watchdog.ts';
import { RecordingTimeline } from '../sim/timeline.ts';
import { ROUTER, type LinkSpec, type ScenarioSpec } from '../sim/scenario.ts';
import { LINK_PRESETS, type LinkParams } from '../sim/link.ts';
import { formatNanos } from '../sim/time.ts';
import { KERNEL_PROFILES } from '../stack/kernel/profile.ts';
import { loadScenario } from './scenarios.ts';
import { onDisk, prepareOutDir, removeOutputs, removeStalePartials, scenarioOutputs, writeOutput } from './outputs.ts';
import { runOutcome } from './outcome.ts';
import { parseWithPython, scenarioWithPython, finishPython, PY_HELP } from './python.ts';

export { loadScenario, parseRunArgs };

export const RUN_HELP = `usage: labwire run SCENARIO [options]
       labwire run --py 'MACHINE=FILE.py [ARGS]' … [options]

Replays a lab scenario in simulated time: prints each machine's transcript (what its
programs printed) and writes the captures the scenario names.

SCENARIO is a name (see \`labwire list\`: ./scenarios of this project, then labwire's own)
or a path to a scenario file (.ts, .mts, .js, .mjs).

options:
  --seed N          the seed for every random choice (ports, ISNs, DNS ids…), 0 to 4294967295;
                    default ${DEFAULT_SEED}. The same scenario and seed give byte-identical captures.
  --seeds A-B       one run per seed from A to B, spread over the machine's cores; each
                    seed's files are those of --seed N (--out must contain {seed};
                    default out/{seed})
  --out DIR         folder for output files; default ./out. This scenario's outputs from an
                    earlier run that this run does not write again are removed (and named).
  --format F        pcap (microseconds), pcap-ns (nanoseconds, default), pcapng
  --any-link L      cooked header for 'any' captures: sll (v1, default, as the lab's
                    Wireshark) or sll2
  --kernel NAME     kernel profile (${Object.keys(KERNEL_PROFILES).join(', ')}); default: the lab's
  --netem 'M:IF OPTS'  tc netem on machine M's interface IF egress, in tc's syntax, e.g.
                    'mesin2:eth1 delay 100ms 10ms loss 5%'; several separated by ';'
  --cpu PROFILE     the programs' CPU time: none (default: calls take no time), python3
                    (the lab's Python: ~0.5 ms from recv to sendall in the echo server),
                    python3-idle (the same on an idle machine: sleeping CPUs wake slowly, a
                    server's accept() ~0.5 ms after the handshake, a recv() into fresh
                    memory page-faults ~13 µs a page) or iputils (iputils
                    ping's send path, 31.5 µs; the ping scenario's own)
  --links PRESET    the lab's networks: lab (default: 20 µs per hop) or veth (the namespace
                    lab's veth pairs, 3.2 µs, 2 µs for a frame and its answer sent inside a
                    call's transmit; with --cpu python3 the timing of a real machine)
  --until TIME      end the run at TIME of simulated time (10s, 500ms), stopping the programs
                    still running, as Ctrl-C would an endless one; default: the scenario's, or 1 h
  --show            print the packet list of each capture, as tshark would
  --show-filter F   …only the packets matching display filter F (implies --show)
  --report DIR      also write a teaching report there: index.html (ladder, program calls, socket
                    queues, details), the captures as pcapng with a comment on every packet, transcripts
  --lang en|id      the report's language (default en)
  --timestamps      prefix transcript lines with their simulated time
  --debug           stack traces for errors (labwire's and the programs')
  -h, --help        this text

${PY_HELP}
${EXIT_HELP}
`;

/** Long transcripts (the 2 MB task logs 130 000 lines) show their head and tail; the file has all. */
export function elide(lines: readonly string[], keep = 25, width = 240): string[] {
  const cut = (l: string) => (l.length > width ? `${l.slice(0, width)}… (${l.length - width} more characters)` : l);
  if (lines.length <= keep * 2 + 1) return lines.map(cut);
  return [...lines.slice(0, keep).map(cut), `… ${lines.length - keep * 2} more lines (all in the transcript file) …`, ...lines.slice(-keep).map(cut)];
}

/** Write each machine's transcript and the files its programs wrote; print them; return every path written. */
function writeOutputs(run: ScenarioRun, o: RunOptions, out: (s: string) => void): string[] {
  const spec = run.scenario;
  const written: string[] = [];
  for (const host of Object.keys(spec.lab.machines)) {
    const lines = run.result.transcript.filter((l) => l.host === host);
    if (!lines.length) continue;
    const programs = [...new Set(lines.map((l) => l.program))].join(', ');
    const text = lines.map((l) => (o.timestamps ? `[${formatNanos(l.at)}] ${l.text}` : l.text));
    const path = join(o.outDir, `${spec.name}.${host}.txt`);
    writeOutput(path, text.join('\n') + '\n');
    written.push(path);
    out(`\n== ${host} (${programs}) ==`);
    for (const line of elide(text)) out(line);
  }
  out('');
  for (const p of written) out(`transcript: ${p}`);
  for (const c of run.captures) {
    written.push(c.path!);
    out(`capture: ${c.path} (${c.packets} frames, ${c.host} ${c.iface})`);
  }
  for (const [host, paths] of run.written) {
    if (!paths.length) continue;
    const folder = join(o.outDir, `${spec.name}.${host}.files`);
    removeOutputs([folder]); // last run's files from this machine are not this run's
    written.push(folder);
    for (const p of paths) {
      const dest = join(folder, p);
      onDisk(dest, () => mkdirSync(dirname(dest), { recursive: true }));
      writeOutput(dest, run.files.get(host)!.get(p)!);
      out(`file: ${dest} (written by ${host}'s program)`);
    }
  }
  return written;
}

/** every network of the scenario's lab at `preset`, over what the scenario set for each */
function presetLinks(spec: ScenarioSpec, preset: Partial<LinkParams>): Record<string, LinkSpec> {
  return Object.fromEntries(Object.keys(spec.lab.networks).map((n) => [n, { ...spec.links?.[n], ...preset }]));
}

export async function runCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void = out): Promise<number> {
  const { o, py } = parseWithPython(argv, parseRunArgs);
  if (o === 'help') {
    out(RUN_HELP);
    return 0;
  }
  if (o.seeds) return (await import('./seeds.ts')).runSeeds(argv, o.seeds, o.outDir, out, err);
  const seed = o.seed ?? DEFAULT_SEED;
  if (o.showFilter !== undefined) {
    // a bad filter is found before the run, not after it
    // show, the report and their dependencies (re2js, esbuild) load only when asked for: a plain run starts faster
    const { compileFilter } = await import('../show/filter/index.ts');
    const c = compileFilter(o.showFilter);
    if (!c.ok) throw new UsageError(`--show-filter: ${c.message.replace(/^labwire show: /, '').replace(/\n$/, '')}`);
  }
  const { spec, file } = await scenarioWithPython(o.scenario, py, loadScenario);
  const withKernel = o.kernel ? { ...spec, kernel: o.kernel } : spec;
  const withNetem = Object.keys(o.netem).length ? { ...withKernel, netem: { ...spec.netem, ...o.netem } } : withKernel;
  const withCpu = o.cpu ? { ...withNetem, cpu: o.cpu } : withNetem;
  const withLinks = o.links === 'veth' ? { ...withCpu, links: presetLinks(spec, LINK_PRESETS.veth) } : withCpu;
  const scenario = o.until === undefined ? withLinks : { ...withLinks, until: o.until };
  prepareOutDir(o.outDir);
  for (const p of removeStalePartials(o.outDir)) err(`labwire: removed ${p} (left by an interrupted run)`);
  // every host a scenario may write for: its machines, the upstream hosts and the Docker host
  const hosts = [...Object.keys(spec.lab.machines), ...Object.keys(spec.lab.upstream ?? {}), ROUTER];
  const before = scenarioOutputs(o.outDir, spec.name, hosts);

  let run: ScenarioRun;
  const timeline = o.reportDir ? new RecordingTimeline() : undefined;
  try {
    run = await runScenario(scenario, { file, seed, outDir: o.outDir, format: o.format, anyLink: o.anyLink, timeline, ...watchdog() });
  } catch (e) {
    finishPython(py, () => {});
    throw environmentError(e, o.outDir) ?? e;
  }
  out(`# ${spec.name}: ${spec.summary} (seed ${seed})`);
  const written = new Set(writeOutputs(run, o, out));
  for (const p of removeOutputs(before.filter((p) => !written.has(p)))) out(`removed: ${p} (an earlier run's output this run did not write)`);
  if (o.reportDir && timeline) {
    const { writeRunReport } = await import('./run-report.ts');
    for (const p of await writeRunReport(run, timeline.data(), o.reportDir, o.lang)) out(`report: ${p}`);
  }

  if (o.show) {
    const { showCaptureFile } = await import('./show.ts');
    for (const c of run.captures) {
      out(`\n== ${c.path} ==`);
      const line = (s: string) => out(s.replace(/\n$/, ''));
      const shown = await showCaptureFile(c.path!, { filter: o.showFilter }, line, (s) => err(s.replace(/\n$/, '')));
      if (shown !== 0) return shown;
    }
  }
  const outcome = runOutcome(run.result, { debug: o.debug });
  for (const l of outcome.failures) err(l);
  for (const l of outcome.report) out(l);
  return Math.max(outcome.code, finishPython(py, out, run.result.processes));
}
