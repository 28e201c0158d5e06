/**
 * Which scripts to run: files given directly, or every `.pkt` under a directory (sorted, so
 * runs are reproducible), each with its family: the first folder under the directory given
 * (Google's corpus: gtests/net/tcp/<family>/…), or for a flat folder of the Linux kernel's
 * selftests (tools/testing/selftests/net/packetdrill/tcp_<family>_<name>.pkt, the same
 * scripts with the folder folded into the name) the family the name starts with, or else
 * the file's own folder.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

export interface ScriptFile {
  readonly path: string;
  readonly family: string;
}

/**
 * Google's family folders whose names have an underscore of their own; the kernel's file
 * names join folder and script name with one too.
 */
const MULTI_WORD_FAMILIES = ['fast_recovery', 'fast_retransmit', 'slow_start', 'tcp_info', 'syscall_bad_arg', 'ts_recent', 'user_timeout', 'limited_transmit', 'mtu_probe', 'notsent_lowat', 'cwnd_moderation'];

/** `tcp_slow_start_slow-start-after-idle.pkt` → slow_start; `tcp_ooo-before-and-after-accept.pkt` → ooo */
export function kernelFamily(fileName: string): string | null {
  if (!fileName.startsWith('tcp_')) return null;
  const rest = fileName.slice('tcp_'.length);
  const multi = MULTI_WORD_FAMILIES.find((f) => rest.startsWith(`${f}_`));
  return multi ?? /^[a-z0-9]+/i.exec(rest)?.[0] ?? null;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.pkt')) out.push(p);
  }
}

/** Expands the command line's paths; throws an Error naming a path that does not exist. */
export function findScripts(paths: readonly string[]): ScriptFile[] {
  const out: ScriptFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new Error(`${p}: no such file or directory`);
    }
    if (!st.isDirectory()) {
      out.push({ path: p, family: basename(dirname(p)) });
      continue;
    }
    const files: string[] = [];
    walk(p, files);
    for (const f of files) {
      const rel = relative(p, f).split(sep);
      out.push({ path: f, family: rel.length > 1 ? rel[0]! : (kernelFamily(rel[0]!) ?? basename(p)) });
    }
  }
  return out;
}
