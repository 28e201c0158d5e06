/** `labwire run SCENARIO`: replay a scenario, print each machine's transcript, write captures. */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, UsageError } from './args.ts';
import { runScenario, DEFAULT_SEED } from '../sim/run-scenario.ts';
import type { ScenarioSpec } from '../sim/scenario.ts';
import type { CaptureFormat } from '../sim/capture/record.ts';
import { formatStallReport } from '../sim/stall.ts';
import { formatNanos } from '../sim/time.ts';
import { KERNEL_PROFILES } from '../stack/kernel/profile.ts';
import { showCaptureFile } from './show.ts';
import { extractPyArgs, withPython, finishPython, PY_HELP } from './python.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const RUN_HELP = `usage: labwire run SCENARIO [options]
       labwire run --py 'MACHINE=FILE.py [ARGS]' … [options]

Replays a lab scenario in simulated time: prints each machine's transcript (what its
programs printed) and writes the captures the scenario names.

SCENARIO is a name from scenarios/ (see \`labwire list\`) or a path to a scenario file.

options:
  --seed N          the seed for every random choice (ports, ISNs, DNS ids…); default ${DEFAULT_SEED}.
                    The same scenario and seed give byte-identical captures.
  --out DIR         folder for capture files; default ./out
  --format F        pcap (microseconds), pcap-ns (nanoseconds, default), pcapng
  --any-link L      cooked header for 'any' captures: sll (v1, default, as the lab's
                    Wireshark) or sll2
  --kernel NAME     kernel profile (${Object.keys(KERNEL_PROFILES).join(', ')}); default: the lab's
  --show [FILTER]   print the packet list of each capture, as tshark would (a display filter may follow)
  --timestamps      prefix transcript lines with their simulated time
  -h, --help        this text

${PY_HELP}`;

/** Long transcripts (the 2 MB task logs 130 000 lines) show their head and tail; the file has all. */
export function elide(lines: readonly string[], keep = 25, width = 240): string[] {
  const cut = (l: string) => (l.length > width ? `${l.slice(0, width)}… (${l.length - width} more characters)` : l);
  if (lines.length <= keep * 2 + 1) return lines.map(cut);
  return [...lines.slice(0, keep).map(cut), `… ${lines.length - keep * 2} more lines (all in the transcript file) …`, ...lines.slice(-keep).map(cut)];
}

function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.partial`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function loadScenario(nameOrPath: string): Promise<{ spec: ScenarioSpec; file: string }> {
  const candidates = [nameOrPath, join(ROOT, 'scenarios', `${nameOrPath}.ts`), join(ROOT, 'scenarios', nameOrPath)];
  const path = candidates.find((c) => /\.m?ts$/.test(c) && existsSync(c));
  if (!path) throw new UsageError(`no scenario ${JSON.stringify(nameOrPath)} (try \`labwire list\`)`);
  let mod: { default?: ScenarioSpec };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: ScenarioSpec };
  } catch (e) {
    // a syntax error, a bad import, or a .ts file outside an ESM package ("type": "module")
    const first = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 3).join('\n');
    const hint = /require\(\) ES Module|ERR_REQUIRE/.test(first) ? '\n(the folder has no package.json with "type": "module": name the file .mts, or add one)' : '';
    throw new UsageError(`cannot load scenario ${path}:\n${first}${hint}`);
  }
  if (!mod.default || typeof mod.default !== 'object' || !('programs' in mod.default)) {
    throw new UsageError(`${path}: the default export is not a scenario (use defineScenario)`);
  }
  return { spec: mod.default, file: relative(process.cwd(), path) || path };
}

function parseSeed(v: string | true | undefined): number {
  if (v === undefined) return DEFAULT_SEED;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not ${JSON.stringify(v)}`);
  return n;
}

const FORMATS: readonly CaptureFormat[] = ['pcap', 'pcap-ns', 'pcapng'];

export async function runCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const py = extractPyArgs(argv);
  const args = parseArgs(py.rest, ['--seed', '--out', '--format', '--any-link', '--kernel'], ['-h', '--help', '--timestamps'], ['--show']);
  if (args.options.has('-h') || args.options.has('--help')) {
    out(RUN_HELP);
    return 0;
  }
  const [name, ...rest] = args.positionals;
  if (!name && !py.programs.length) throw new UsageError('which scenario? (labwire run SCENARIO; see labwire list)');
  if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  const format = (args.options.get('--format') ?? 'pcap-ns') as CaptureFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  const anyLink = (args.options.get('--any-link') ?? 'sll') as 'sll' | 'sll2';
  if (anyLink !== 'sll' && anyLink !== 'sll2') throw new UsageError(`--any-link takes sll or sll2, not ${JSON.stringify(anyLink)}`);
  const kernel = args.options.get('--kernel');
  if (kernel !== undefined && (kernel === true || !KERNEL_PROFILES[kernel])) throw new UsageError(`--kernel takes one of ${Object.keys(KERNEL_PROFILES).join(', ')}`);
  const seed = parseSeed(args.options.get('--seed'));
  const outDir = String(args.options.get('--out') ?? 'out');
  const named = name ? await loadScenario(name) : null;
  const { spec, file } = py.programs.length ? withPython(named, py) : named!;
  const scenario = kernel ? { ...spec, kernel: kernel as string } : spec;

  const run = await runScenario(scenario, { file, seed, outDir, format, anyLink }).catch((e: unknown) => {
    if (py.programs.length) finishPython(() => {});
    throw e;
  });
  const stamps = args.options.has('--timestamps');
  out(`# ${spec.name}: ${spec.summary} (seed ${seed})`);
  const written: string[] = [];
  for (const host of Object.keys(spec.lab.machines)) {
    const lines = run.result.transcript.filter((l) => l.host === host);
    if (!lines.length) continue;
    const programs = [...new Set(lines.map((l) => l.program))].join(', ');
    const text = lines.map((l) => (stamps ? `[${formatNanos(l.at)}] ${l.text}` : l.text));
    const path = join(outDir, `${spec.name}.${host}.txt`);
    writeFileAtomic(path, text.join('\n') + '\n');
    written.push(path);
    out(`\n== ${host} (${programs}) ==`);
    for (const line of elide(text)) out(line);
  }
  out('');
  for (const p of written) out(`transcript: ${p}`);
  for (const c of run.captures) out(`capture: ${c.path} (${c.packets} frames, ${c.host} ${c.iface})`);
  for (const [host, paths] of run.written) {
    for (const p of paths) {
      const dest = join(outDir, `${spec.name}.${host}.files`, p);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileAtomic(dest, run.files.get(host)!.get(p)!);
      out(`file: ${dest} (written by ${host}'s program)`);
    }
  }
  if (args.options.has('--show')) {
    const filter = args.options.get('--show');
    for (const c of run.captures) {
      out(`\n== ${c.path} ==`);
      const line = (s: string) => out(s.replace(/\n$/, ''));
      const shown = await showCaptureFile(c.path!, filter === true ? {} : { filter }, line, line);
      if (shown !== 0) return shown;
    }
  }
  let code = py.programs.length ? finishPython(out, run.result.processes) : 0;
  for (const p of run.result.processes) {
    if (p.state === 'failed' && !p.daemon) {
      code = 1;
      if (!(p.error instanceof Error && p.error.name !== 'Error')) out(`${p.host} ${p.name}: ${String(p.error)}`);
    }
  }
  if (run.result.stall) {
    out('\n' + formatStallReport(run.result.stall));
    code = 3;
  }
  return code;
}
