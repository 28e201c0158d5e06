/**
 * Kernel features a script asks for that labwire's TCP does not have, found in the parsed
 * script before it runs, so the report names the feature (fastopen, zerocopy, md5,
 * timestamping, accecn …) rather than the first symbol or packet the runner trips on, and
 * a script that would fail only for lack of the feature is not counted as a failure.
 * Each finding reads `<feature>: <what in the script> (line N)`.
 */
import type { Expr, PacketSpec, Script, ScriptEvent } from './script.ts';

/** Socket options, flags and structs that belong to one feature. */
const SYMBOL_FEATURES: Readonly<Record<string, string>> = {
  MSG_FASTOPEN: 'fastopen',
  TCP_FASTOPEN: 'fastopen',
  TCP_FASTOPEN_CONNECT: 'fastopen',
  TCP_FASTOPEN_KEY: 'fastopen',
  TCP_FASTOPEN_NO_COOKIE: 'fastopen',
  MSG_ZEROCOPY: 'zerocopy',
  SO_ZEROCOPY: 'zerocopy',
  TCP_ZEROCOPY_RECEIVE: 'zerocopy',
  SO_TIMESTAMPING: 'timestamping',
  SCM_TIMESTAMPING: 'timestamping',
  TCP_MD5SIG: 'md5',
  TCP_MD5SIG_EXT: 'md5',
  TCP_AO_ADD_KEY: 'tcp-ao',
};

/** TCP options the runner keeps by name (parse-packet.ts), by feature. */
const OPTION_FEATURES: Readonly<Record<string, string>> = {
  FO: 'fastopen',
  FOEXP: 'fastopen',
  md5: 'md5',
  ECN: 'accecn',
  AccECN: 'accecn',
};

export interface MissingFeature {
  /** `fastopen: MSG_FASTOPEN` */
  readonly feature: string;
  readonly line: number;
}

function* words(e: Expr): Generator<string> {
  switch (e.kind) {
    case 'word':
      yield e.name;
      return;
    case 'or':
      for (const t of e.terms) yield* words(t);
      return;
    case 'array':
      for (const t of e.items) yield* words(t);
      return;
    case 'struct':
      for (const f of e.fields) yield* words(f.value);
      return;
    case 'call':
      for (const t of e.args) yield* words(t);
      return;
    case 'assign':
      yield* words(e.value);
      return;
    default:
      return;
  }
}

function packetFeature(p: PacketSpec): string | null {
  for (const o of p.options ?? []) {
    if (o.kind === 'other' && OPTION_FEATURES[o.name]) return `${OPTION_FEATURES[o.name]}: TCP option ${o.name}`;
  }
  // AccECN's AE flag (the TCP header bit that was NS): packetdrill writes it as the letter A
  if (p.flags.includes('A')) return `accecn: TCP flag AE (${p.flags})`;
  // data on a SYN the remote sends: Fast Open's SYN-data (RFC 7413)
  if (p.direction === 'in' && p.flags.includes('S') && p.len > 0) return `fastopen: data on a SYN (${p.seq}:${p.seq + p.len})`;
  return null;
}

function eventFeature(e: ScriptEvent): string | null {
  if (e.kind === 'packet') return packetFeature(e.packet);
  if (e.kind !== 'syscall') return null;
  for (const arg of e.call.args) {
    for (const w of words(arg)) {
      const f = SYMBOL_FEATURES[w];
      if (f) return `${f}: ${w}`;
    }
  }
  return null;
}

/** The first feature the script needs that labwire lacks, or null. */
export function missingFeature(script: Script): MissingFeature | null {
  for (const e of script.events) {
    const feature = eventFeature(e);
    if (feature) return { feature, line: e.line };
  }
  return null;
}
