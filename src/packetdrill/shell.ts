/**
 * The shell lines of a script (init command, timed `…` commands, cleanup), read as the
 * host setup they stand for: `sysctl -q a=b …`, `set_sysctls.py /proc/sys/…=v`, sourcing
 * `defaults.sh` (read from the script's folder, line by line), `ethtool -K tun0 tso off gso
 * off` (GSO off), `tc qdisc add|replace|delete dev tun0 root [pfifo [limit N]]` (the device's
 * root qdisc: limit 0 drops every packet the host sends, ../stack/kernel/qdisc.ts), `ip link set
 * dev tun0 mtu N` (the device's MTU).
 * Housekeeping with no effect on a fresh simulated host (restoring sysctls, flushing
 * tcp_metrics) is accepted; anything else makes the script unsupported, naming the command.
 */
import { dirname, resolve } from 'node:path';
import type { KernelProfile } from '../stack/kernel/profile.ts';
import type { RootQdisc } from '../stack/kernel/qdisc.ts';
import { PythonEnv } from './python.ts';
import { applySysctl } from './sysctls.ts';

export interface HostSetup {
  readonly profile: KernelProfile;
  /** the tun device offloads segmentation (TSO/GSO on, packetdrill's default) */
  readonly gso: boolean;
  /** the GSO size of injected packets (--mss; TcpConfig.rxGsoSize), 'none' without one */
  readonly rxGsoSize?: number | 'none';
  /** tun0's root qdisc as `tc` left it; absent or null: the default */
  readonly qdisc?: RootQdisc;
  /** tun0's MTU as `ip link set dev tun0 mtu N` left it; absent: 1500 (the route's advmss follows it) */
  readonly mtu?: number;
}

/** a pfifo's limit when `tc` names none: the device's tx_queue_len, a tun's TUN_READQ_SIZE (drivers/net/tun.c) */
const TUN_TX_QUEUE_LEN = 500;

export type ShellResult = { readonly ok: true; readonly setup: HostSetup } | { readonly ok: false; readonly unsupported: string };

/** How shell lines reach files: the script's folder and a reader (tests pass a map). */
export interface ShellContext {
  readonly scriptPath: string;
  readonly readFile: (path: string) => string | undefined;
}

/** Words of a line, split at blanks outside quotes; quotes removed; `$((…))` evaluated. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /(?:"[^"]*"|'[^']*'|[^\s"'])+/g;
  for (const m of line.matchAll(re)) out.push(m[0].replace(/["']/g, '').replace(/\$\(\(([^)]*)\)\)/g, (_s, e: string) => arithmetic(e)));
  return out;
}

function arithmetic(expr: string): string {
  const env = new PythonEnv();
  env.run(`v = ${expr}`, () => undefined);
  return String(env.globals.get('v'));
}

/** Lines of a command: backslash-joined, split at ';', comments removed. */
function commandLines(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split(/\n|;/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l.length > 0);
}

type Step = HostSetup | string;

function sysctlLine(setup: HostSetup, args: readonly string[]): Step {
  let profile = setup.profile;
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const eq = a.indexOf('=');
    if (eq < 0) return `sysctl read of ${a}`;
    const r = applySysctl(profile, a.slice(0, eq), a.slice(eq + 1));
    if (typeof r === 'string') return r;
    profile = r;
  }
  return { ...setup, profile };
}

function ethtoolLine(setup: HostSetup, args: readonly string[]): Step {
  if (args[0] !== '-K') return `ethtool ${args.join(' ')}`;
  let gso = setup.gso;
  for (let i = 2; i + 1 < args.length; i += 2) {
    const feature = args[i]!;
    const on = args[i + 1] === 'on';
    if (feature === 'tso' || feature === 'gso') gso = on && (feature === 'gso' || setup.gso);
    else if (feature !== 'gro' && feature !== 'lro') return `ethtool -K ${feature}`;
  }
  return { ...setup, gso };
}

/**
 * `tc qdisc add|replace dev tun0 root pfifo [limit N]` or `tc qdisc delete dev tun0 root`:
 * packetdrill's tun runs pfifo so nothing paces the flow (the simulated device drains at once);
 * a script installs `pfifo limit 0` to make every transmit fail (NET_XMIT_DROP) and deletes it
 * to end that.
 */
function tcLine(setup: HostSetup, args: readonly string[]): Step {
  const [what, op, devWord, dev, root, kind, ...rest] = args;
  const unsupported = `tc ${args.join(' ')}`;
  if (what !== 'qdisc' || devWord !== 'dev' || dev !== 'tun0' || root !== 'root') return unsupported;
  if ((op === 'delete' || op === 'del') && kind === undefined) return { ...setup, qdisc: null };
  if ((op !== 'add' && op !== 'replace') || kind !== 'pfifo') return unsupported;
  if (rest.length === 0) return { ...setup, qdisc: { kind: 'pfifo', limit: TUN_TX_QUEUE_LEN } };
  const limit = rest[0] === 'limit' && rest.length === 2 ? Number(rest[1]) : NaN;
  return Number.isInteger(limit) && limit >= 0 ? { ...setup, qdisc: { kind: 'pfifo', limit } } : unsupported;
}

/** IPv4's least MTU (IPV4_MIN_MTU) and the most a device takes (IP_MAX_MTU) */
const MIN_MTU = 68;
const MAX_MTU = 65535;

/** `ip link set [dev] tun0 mtu N`: the device's MTU, so the route's advmss (ipv4_default_advmss); other `ip` commands are unsupported */
function ipLine(setup: HostSetup, args: readonly string[]): Step {
  const a = args.filter((w) => w !== 'dev');
  const unsupported = `ip ${args.slice(0, 2).join(' ')}`;
  if (a.length !== 5 || a[0] !== 'link' || a[1] !== 'set' || a[2] !== 'tun0' || a[3] !== 'mtu') return unsupported;
  const mtu = Number(a[4]);
  return Number.isInteger(mtu) && mtu >= MIN_MTU && mtu <= MAX_MTU ? { ...setup, mtu } : `ip link set tun0 mtu ${a[4]} (not an MTU from ${MIN_MTU} to ${MAX_MTU})`;
}

/**
 * `nstat -n` (or `nstat > /dev/null`) only resets nstat's own history file: nothing on the
 * host changes. A check piped through grep reads a counter labwire does not keep.
 */
function nstatLine(setup: HostSetup, line: string): Step {
  if (!line.includes('|')) return setup;
  const counter = /grep\s+(?:-\w+\s+)*"?([A-Za-z]\w+)/.exec(line)?.[1] ?? 'a counter';
  return `nstat: the kernel's SNMP counter ${counter}, which labwire does not keep`;
}

/** `echo 3 > /sys/module/tcp_cubic/parameters/hystart_detect`: a module parameter or sysctl written directly */
const ECHO_TO_FILE = /^echo\s+("[^"]*"|\S+)\s*>\s*(\/(?:proc|sys)\/\S+)$/;

function runLine(setup: HostSetup, line: string, ctx: ShellContext, depth: number): Step {
  const echo = ECHO_TO_FILE.exec(line);
  if (echo) return sysctlLine(setup, [`${echo[2]}=${echo[1]!.replace(/"/g, '')}`]);
  // output redirections (`> /dev/null 2>&1`) change nothing the host sees
  const [cmd, ...args] = words(line.replace(/\s\d?>&?\s*\S+/g, ' '));
  if (cmd === undefined) return setup;
  if (cmd === 'sysctl') return sysctlLine(setup, args);
  if (cmd.endsWith('set_sysctls.py')) return sysctlLine(setup, args);
  if (cmd.endsWith('defaults.sh')) return sourceFile(setup, resolve(dirname(ctx.scriptPath), cmd), ctx, depth);
  if (cmd.startsWith('/tmp/sysctl_restore_')) return setup; // each script gets a fresh host
  if (cmd === 'ethtool') return ethtoolLine(setup, args);
  if (cmd === 'tc') return tcLine(setup, args);
  if (cmd === 'ip' && args[0] === 'tcp_metrics') return setup;
  if (cmd === 'ip') return ipLine(setup, args);
  if (cmd === 'nstat') return nstatLine(setup, line);
  return `shell command ${cmd}`;
}

function sourceFile(setup: HostSetup, path: string, ctx: ShellContext, depth: number): Step {
  if (depth > 4) return `${path}: sourced too deep`;
  const text = ctx.readFile(path);
  if (text === undefined) return `${path} (not found)`;
  return runText(setup, text, ctx, depth + 1);
}

function runText(setup: HostSetup, text: string, ctx: ShellContext, depth: number): Step {
  let s: Step = setup;
  for (const line of commandLines(text)) {
    if (line.startsWith('#!')) continue;
    s = runLine(s, line, ctx, depth);
    if (typeof s === 'string') return s;
  }
  return s;
}

/** Runs one backquoted command against the host setup. */
export function runShell(setup: HostSetup, command: string, ctx: ShellContext): ShellResult {
  const r = runText(setup, command, ctx, 0);
  return typeof r === 'string' ? { ok: false, unsupported: r } : { ok: true, setup: r };
}
