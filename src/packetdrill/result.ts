/**
 * What running one script gives: pass, fail (the first mismatch: line, expected, got, and
 * the capture of the run), unsupported (the feature the runner or labwire lacks, named), or
 * error (the script does not parse, or the run hit a program error or a runner bug).
 */

export type ScriptOutcome =
  | { readonly status: 'pass' }
  | {
      readonly status: 'fail';
      readonly line: number;
      /** what was being checked: `tcp window`, `timing`, `return value` … */
      readonly what: string;
      readonly expected: string;
      readonly got: string;
    }
  | { readonly status: 'unsupported'; readonly feature: string; readonly line: number | null }
  | { readonly status: 'error'; readonly message: string };

export interface ScriptResult {
  /** the path as given or found */
  readonly file: string;
  /** the corpus family: the folder under the directory given (nagle, sack …) */
  readonly family: string;
  readonly outcome: ScriptOutcome;
  /** where the simulated capture of a failing run was written, if it was */
  readonly pcap: string | null;
  /**
   * The IP versions this script was run over, and those the kernel's runner would also run
   * it over that were not (ipv6 unless the script names --ip_version=ipv4).
   */
  readonly ipVersions?: { readonly run: readonly string[]; readonly notRun: readonly string[] };
}

export type Status = ScriptOutcome['status'];

/**
 * The IP versions each script is run over. packetdrill runs a script once per `--ip_version`
 * it is given, and the kernel's ksft_runner.sh gives ipv4 and ipv6 to every script that does
 * not name one; labwire's IPv6 is loopback-only, so every result here is an
 * IPv4 run and a script that names ipv6 is unsupported.
 */
export const IP_VERSIONS_RUN = ['ipv4'] as const;

/** What ran of a script's IP versions, from its `--ip_version` line if it has one. */
export function ipVersionsOf(text: string): NonNullable<ScriptResult['ipVersions']> {
  const named = /^--ip_version=(\S+)/m.exec(text)?.[1];
  if (named === undefined) return { run: ['ipv4'], notRun: ['ipv6'] };
  return named === 'ipv4' ? { run: ['ipv4'], notRun: [] } : { run: [], notRun: [named] };
}

/**
 * Families the runner does not count: they need kernel features a socket lab has no use
 * for. The issue names the first five; the rest, and why, are documented in the report.
 */
export const EXCLUDED_FAMILIES: Readonly<Record<string, string>> = {
  fastopen: 'TCP Fast Open (cookies, SYN data)',
  zerocopy: 'MSG_ZEROCOPY and its error-queue notifications',
  md5: 'TCP MD5 signatures (RFC 2385)',
  splice: 'splice(2) and pipes',
  timestamping: 'SO_TIMESTAMPING and its error-queue reports',
  sendfile: 'sendfile(2) from files',
  syscall_bad_arg: 'invalid user-space pointers (EFAULT): labwire\'s calls take no user memory, the runner answers a NULL buffer itself; the rest need Fast Open or MSG_ZEROCOPY',
  mtu_probe: 'path-MTU probing with ICMP and per-route MTU locks',
  gro: "the receiving NIC's GRO merging of segments",
  accecn: 'Accurate ECN (the AE flag and the AccECN option, net.ipv4.tcp_ecn=3): labwire\'s TCP does classic RFC 3168 ECN only',
};
