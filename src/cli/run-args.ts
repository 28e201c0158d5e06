/**
 * `labwire run`'s arguments, checked: every problem is a UsageError naming the option. Kept
 * apart from run.ts (and light to import) because the main thread reads them too, to know the
 * output folder it cleans after Ctrl-C, without loading the simulator.
 */
import { intOption, parseArgs } from './args.ts';
import { UsageError } from './errors.ts';
import type { CaptureFormat } from '../capture/record.ts';
import { KERNEL_PROFILES } from '../stack/kernel/profile.ts';
import { didYouMean } from '../sim/schema/suggest.ts';
import { parseNetemTarget } from '../sim/netem/parse.ts';
import { CPU_PROFILES } from '../stack/syscall/cpu-profile.ts';
import { LINK_PRESETS } from '../sim/link.ts';
import { parseDuration } from '../sim/duration.ts';
import type { Nanos } from '../sim/time.ts';
import { checkSeedsOptions, parseSeedRange, type SeedRange } from './seeds.ts';

const FORMATS: readonly CaptureFormat[] = ['pcap', 'pcap-ns', 'pcapng'];
const ANY_LINKS = ['sll', 'sll2'] as const;

export interface RunOptions {
  readonly scenario: string;
  /** undefined: the default seed */
  readonly seed: number | undefined;
  /** --seeds A-B: one run per seed, spread over workers (seeds.ts); outDir then holds {seed} */
  readonly seeds: SeedRange | undefined;
  readonly outDir: string;
  readonly format: CaptureFormat;
  readonly anyLink: 'sll' | 'sll2';
  readonly kernel: string | undefined;
  readonly show: boolean;
  readonly showFilter: string | undefined;
  readonly timestamps: boolean;
  readonly debug: boolean;
  /** --report DIR: the teaching report (index.html, commented pcapng, transcripts) */
  readonly reportDir: string | undefined;
  readonly lang: 'en' | 'id';
  /** --cpu: the programs' CPU cost profile, over the scenario's */
  readonly cpu: string | undefined;
  /** --links: a preset for every network of the lab (sim/link.ts LINK_PRESETS), over the scenario's */
  readonly links: keyof typeof LINK_PRESETS | undefined;
  /** --until: the run's end (simulated), over the scenario's */
  readonly until: Nanos | undefined;
  /** --netem: 'MACHINE:IFACE' → tc netem options, over the scenario's own */
  readonly netem: Readonly<Record<string, string>>;
}

/** `--netem 'mesin2:eth1 delay 100ms loss 5%; mesin1:eth1 rate 10mbit'`: one or more, `;` between. */
function netemOption(v: string | true | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'string') return out;
  for (const part of v.split(';').map((p) => p.trim()).filter(Boolean)) {
    try {
      const t = parseNetemTarget(part);
      out[`${t.host}:${t.iface}`] = part.slice(part.indexOf(t.iface) + t.iface.length).trim();
    } catch (e) {
      throw new UsageError(`--netem: ${(e as Error).message}`);
    }
  }
  return out;
}

function choice<T extends string>(name: string, v: string | true | undefined, choices: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`${name} takes one of ${choices.join(', ')}, not ${JSON.stringify(v)}${didYouMean(String(v), choices)}`);
}

function untilOption(v: string | boolean | undefined): Nanos | undefined {
  if (v === undefined) return undefined;
  const d = parseDuration(String(v));
  if (!d.ok) throw new UsageError(`--until: ${d.why}`);
  if (d.nanos === 0) throw new UsageError('--until: the run needs some time to run (0 ends it before it starts)');
  return d.nanos;
}

export function parseRunArgs(argv: readonly string[]): RunOptions | 'help' {
  const args = parseArgs(argv, ['--seed', '--seeds', '--out', '--format', '--any-link', '--kernel', '--show-filter', '--report', '--lang', '--netem', '--cpu', '--links', '--until'], ['-h', '--help', '--timestamps', '--show', '--debug']);
  if (args.options.has('-h') || args.options.has('--help')) return 'help';
  const [scenario, ...rest] = args.positionals;
  if (!scenario) throw new UsageError('which scenario? (labwire run SCENARIO; see labwire list)');
  if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])} (one scenario per run${rest[0] && !rest[0].startsWith('-') && args.options.has('--show') ? '; a filter goes after --show-filter' : ''})`);
  const opt = (n: string) => args.options.get(n);
  const kernel = opt('--kernel');
  const seedsOpt = opt('--seeds');
  const seed = intOption('--seed', opt('--seed'), 0, 0xffffffff);
  const outDir = String(opt('--out') ?? (seedsOpt === undefined ? 'out' : 'out/{seed}'));
  if (seedsOpt !== undefined) checkSeedsOptions(outDir, seed);
  return {
    scenario,
    seed,
    seeds: seedsOpt === undefined ? undefined : parseSeedRange(String(seedsOpt)),
    outDir,
    format: choice('--format', opt('--format'), FORMATS, 'pcap-ns'),
    anyLink: choice('--any-link', opt('--any-link'), ANY_LINKS, 'sll'),
    kernel: kernel === undefined ? undefined : choice('--kernel', kernel, Object.keys(KERNEL_PROFILES), 'wsl2'),
    show: args.options.has('--show') || args.options.has('--show-filter'),
    showFilter: opt('--show-filter') as string | undefined,
    timestamps: args.options.has('--timestamps'),
    debug: args.options.has('--debug'),
    reportDir: opt('--report') === undefined ? undefined : String(opt('--report')),
    lang: choice('--lang', opt('--lang'), ['en', 'id'] as const, 'en'),
    netem: netemOption(opt('--netem')),
    cpu: opt('--cpu') === undefined ? undefined : choice('--cpu', opt('--cpu'), Object.keys(CPU_PROFILES), 'none'),
    links: opt('--links') === undefined ? undefined : choice('--links', opt('--links'), Object.keys(LINK_PRESETS) as (keyof typeof LINK_PRESETS)[], 'lab'),
    until: untilOption(opt('--until')),
  };
}
