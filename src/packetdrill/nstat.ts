/**
 * `nstat` mid-script, as the kernel's selftests use it: `nstat -n` remembers the counters (nstat's
 * history file), `nstat | grep NAME | grep -q " N "` checks what a counter gained since, and `-s`
 * checks without remembering. nstat prints only counters that changed (not -z), one line each:
 * the name, the value, a rate. The counters are the host's TCP ones (stack/tcp/mib.ts); a check
 * of any other counter names it as not kept.
 */

export type Counters = Readonly<Record<string, number>>;

export type NstatResult =
  /** the pipeline's exit status as the shell gives it, and the history nstat leaves */
  | { readonly ok: boolean; readonly history: Counters; readonly output: string }
  | { readonly unsupported: string };

export const isNstat = (command: string): boolean => /^\s*nstat\b/.test(command);

/** nstat's line for a counter: %-32s%-16llu%6.1f (misc/nstat.c dump_kern_db) */
const line = (name: string, value: number): string => `${name.padEnd(32)}${String(value).padEnd(16)}${'0.0'.padStart(6)}`;

/** A quoted or bare grep pattern, matched as a fixed string (the scripts' patterns have no regex metacharacters that matter). */
function grepWords(stage: string): { quiet: boolean; pattern: string } | null {
  const m = /^grep((?:\s+-\w+)*)\s+(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/.exec(stage.trim());
  if (!m) return null;
  return { quiet: (m[1] ?? '').includes('q'), pattern: m[2] ?? m[3] ?? m[4] ?? '' };
}

export function runNstat(command: string, counters: Counters, history: Counters): NstatResult {
  const [head, ...greps] = command.trim().split('|');
  const flags = head!.trim().split(/\s+/).slice(1);
  const bad = flags.find((f) => !['-n', '-s', '-a', '-z'].includes(f));
  if (bad) return { unsupported: `nstat ${bad}` };
  const absolute = flags.includes('-a');
  const zeros = flags.includes('-z');
  let lines = Object.keys(counters).sort().flatMap((name) => {
    const value = absolute ? counters[name]! : counters[name]! - (history[name] ?? 0);
    return value !== 0 || zeros ? [line(name, value)] : [];
  });
  const nextHistory = flags.includes('-s') ? history : { ...counters };
  if (flags.includes('-n')) lines = [];
  let ok = true;
  for (const stage of greps) {
    const g = grepWords(stage);
    if (!g) return { unsupported: `shell pipeline stage ${stage.trim()}` };
    if (g.pattern.startsWith('Tcp') && !g.pattern.includes(' ') && !(g.pattern in counters)) {
      return { unsupported: `nstat: the kernel's SNMP counter ${g.pattern}, which labwire does not keep` };
    }
    lines = lines.filter((l) => l.includes(g.pattern));
    ok = lines.length > 0;
  }
  return { ok, history: nextHistory, output: lines.join('\n') };
}
