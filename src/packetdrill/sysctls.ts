/**
 * Sysctls a script sets → the simulated host's kernel profile. Three kinds:
 * - profile sysctls: a KernelProfile field holds them, any value is applied;
 * - baseline sysctls: labwire's TCP has no knob for them and behaves as Linux 6.x with the
 *   corpus's defaults.sh (cubic, DSACK, tcp_reordering 3 …); setting one to its baseline is
 *   accepted, setting it to anything else makes the script unsupported, naming the sysctl;
 * - anything else: unsupported, named.
 */
import type { KernelProfile } from '../stack/kernel/profile.ts';

type Apply = (p: KernelProfile, value: string) => KernelProfile | string;

function ints(value: string): number[] {
  return value.trim().split(/\s+/).map((s) => Number(s));
}

function triple(field: 'tcpRmem' | 'tcpWmem'): Apply {
  return (p, v) => {
    const n = ints(v);
    if (n.length !== 3 || n.some((x) => !Number.isInteger(x))) return `${v} is not three integers`;
    return { ...p, [field]: [n[0]!, n[1]!, n[2]!] as const };
  };
}

function flag(field: 'tcpTimestamps' | 'tcpSack' | 'tcpWindowScaling' | 'tcpSlowStartAfterIdle' | 'tcpShrinkWindow' | 'tcpBacklogAckDefer'): Apply {
  return (p, v) => {
    const n = Number(v);
    // tcp_timestamps=2 turns on timestamps without per-connection offsets (Linux 4.10+)
    if (!Number.isInteger(n)) return `${v} is not an integer`;
    return { ...p, [field]: n !== 0 };
  };
}

function integer(field: 'rmemMax' | 'wmemMax' | 'ipDefaultTtl' | 'tcpMinTsoSegs' | 'tcpTsoWinDivisor' | 'tcpNotsentLowat' | 'tcpRecovery' | 'tcpEarlyRetrans' | 'tcpFrto' | 'tcpEcn' | 'tcpSyncookies'): Apply {
  return (p, v) => {
    const n = Number(v);
    return Number.isInteger(n) ? { ...p, [field]: n } : `${v} is not an integer`;
  };
}

const PROFILE_SYSCTLS: Readonly<Record<string, Apply>> = {
  'net.ipv4.tcp_rmem': triple('tcpRmem'),
  'net.ipv4.tcp_wmem': triple('tcpWmem'),
  'net.ipv4.tcp_timestamps': flag('tcpTimestamps'),
  'net.ipv4.tcp_sack': flag('tcpSack'),
  'net.ipv4.tcp_window_scaling': flag('tcpWindowScaling'),
  'net.core.rmem_max': integer('rmemMax'),
  'net.core.wmem_max': integer('wmemMax'),
  'net.ipv4.ip_default_ttl': integer('ipDefaultTtl'),
  'net.ipv4.tcp_slow_start_after_idle': flag('tcpSlowStartAfterIdle'),
  'net.ipv4.tcp_min_tso_segs': integer('tcpMinTsoSegs'),
  'net.ipv4.tcp_tso_win_divisor': integer('tcpTsoWinDivisor'),
  'net.ipv4.tcp_notsent_lowat': integer('tcpNotsentLowat'),
  'net.ipv4.tcp_recovery': integer('tcpRecovery'),
  'net.ipv4.tcp_early_retrans': integer('tcpEarlyRetrans'),
  'net.ipv4.tcp_frto': integer('tcpFrto'),
  /** 0–2 classic ECN (tcp/ecn.ts); 3 and up, Accurate ECN, stop at isAccEcn first */
  'net.ipv4.tcp_ecn': integer('tcpEcn'),
  /** 1 cookies when a listener's SYN queue overflows, 2 always, 0 never (tcp/syncookie.ts) */
  'net.ipv4.tcp_syncookies': integer('tcpSyncookies'),
  'net.ipv4.tcp_shrink_window': flag('tcpShrinkWindow'),
  /** a backlog run's immediate ACKs wait for tcp_release_cb (tcp/ack-timing.ts) */
  'net.ipv4.tcp_backlog_ack_defer': flag('tcpBacklogAckDefer'),
};

/**
 * The values labwire's TCP behaves as for sysctls no profile field selects: those of the
 * corpus's defaults.sh. null: any value. tcp_fastopen and its key only act on a connection
 * whose SYN carries a Fast Open option or data, or a socket that asks for Fast Open, and
 * the runner reports such a script unsupported (fastopen) by those features; so Google's
 * 0x70403 and the kernel selftests' 0x3 leave every other script as it is.
 */
const BASELINE_SYSCTLS: Readonly<Record<string, string | null>> = {
  'net.ipv4.tcp_syn_retries': '5',
  'net.ipv4.tcp_synack_retries': '5',
  'net.ipv4.tcp_dsack': '1',
  'net.ipv4.tcp_fack': '0',
  'net.ipv4.tcp_reordering': '3',
  'net.ipv4.tcp_congestion_control': 'cubic',
  'net.ipv4.tcp_ecn_option': '2',
  'net.ipv4.tcp_pacing_ss_ratio': '200',
  'net.ipv4.tcp_pacing_ca_ratio': '120',
  'net.ipv4.tcp_fastopen': null,
  'net.ipv4.tcp_fastopen_key': null,
  /** CUBIC's HyStart: ACK train and delay detection (tcp_cubic.c's default) */
  'module.tcp_cubic.parameters.hystart_detect': '3',
};

/** tcp_ecn 3 and up ask for Accurate ECN (Linux 6.18 Documentation/networking/ip-sysctl.rst); tcp_ecn_option is its option */
function isAccEcn(key: string, value: string): boolean {
  return key === 'net.ipv4.tcp_ecn_option' || (key === 'net.ipv4.tcp_ecn' && Number(value) >= 3);
}

function sameValue(a: string, b: string): boolean {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na === nb;
  return a.trim().replace(/\s+/g, ' ') === b.trim().replace(/\s+/g, ' ');
}

/** `/proc/sys/net/ipv4/tcp_rmem` → `net.ipv4.tcp_rmem`; `/sys/module/m/parameters/p` → `module.m.parameters.p` */
export function sysctlName(nameOrPath: string): string {
  return nameOrPath.replace(/^\/proc\/sys\//, '').replace(/^\/sys\//, '').replace(/\//g, '.');
}

/**
 * Applies one sysctl to the profile: the new profile, or a string saying why the script is
 * unsupported (it names the sysctl).
 */
export function applySysctl(profile: KernelProfile, name: string, value: string): KernelProfile | string {
  const key = sysctlName(name);
  if (key === 'net.ipv4.tcp_ecn' && isAccEcn(key, value)) return `accecn: sysctl ${key}=${value} (labwire's TCP does classic ECN only)`;
  const apply = PROFILE_SYSCTLS[key];
  if (apply) {
    const r = apply(profile, value);
    return typeof r === 'string' ? `sysctl ${key}=${value}: ${r}` : r;
  }
  if (key in BASELINE_SYSCTLS) {
    const base = BASELINE_SYSCTLS[key];
    if (base === null || base === undefined || sameValue(value, base)) return profile;
    if (isAccEcn(key, value)) return `accecn: sysctl ${key}=${value} (labwire's TCP does classic ECN only)`;
    return `sysctl ${key}=${value} (labwire's TCP behaves as ${base})`;
  }
  return `sysctl ${key} (not modelled)`;
}
