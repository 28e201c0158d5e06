/**
 * What glibc's stub reads before it sends anything: /etc/resolv.conf and /etc/hosts, as data.
 *
 * Defaults are glibc's (resolv/resolv.h): RES_TIMEOUT 5 s per try, RES_DFLRETRY 2 attempts,
 * ndots 1, queries for A and AAAA in parallel (single-request off). Docker writes a container's
 * resolv.conf with `nameserver 127.0.0.11` and `options ndots:0` when its embedded DNS serves
 * the container (libnetwork resolver.go ResolverOptions), and an /etc/hosts that maps the
 * container id (its hostname) to its first address.
 */
import { formatIpv4Addr, ipv4, type Ipv4Addr } from '../wire/addr.ts';
import { parseIpv6Addr } from '../wire/ipv6-addr.ts';
import { IN6ADDR_LOOPBACK, inetFromIpv6, isIpv6 } from '../wire/inet-addr.ts';
import { canonicalName } from '../wire/dns/name.ts';

export interface ResolvConf {
  readonly nameservers: readonly Ipv4Addr[];
  /** `options timeout:` in seconds (glibc RES_TIMEOUT = 5) */
  readonly timeoutSeconds: number;
  /** `options attempts:` (glibc RES_DFLRETRY = 2) */
  readonly attempts: number;
  /** `options single-request`: send AAAA only after A's answer (off by default) */
  readonly singleRequest: boolean;
  /** `options single-request-reopen`: like single-request, with a new socket per query */
  readonly singleRequestReopen?: boolean;
  /** `options ndots:` (no search list is modelled, so it changes nothing yet) */
  readonly ndots: number;
}

export const GLIBC_RES_TIMEOUT_S = 5;
export const GLIBC_RES_DFLRETRY = 2;
export const DOCKER_EMBEDDED_DNS = ipv4('127.0.0.11');

/** resolv.conf inside a container served by Docker's embedded DNS. */
export const DOCKER_RESOLV_CONF: ResolvConf = {
  nameservers: [DOCKER_EMBEDDED_DNS],
  timeoutSeconds: GLIBC_RES_TIMEOUT_S,
  attempts: GLIBC_RES_DFLRETRY,
  singleRequest: false,
  ndots: 0,
};

/** One line of /etc/hosts: an address (IPv4 or IPv6 text), its canonical name, then aliases. */
export interface HostsLine {
  readonly address: string;
  readonly names: readonly string[];
}

/** The /etc/hosts Docker writes into a container (daemon/container_operations: buildSandboxOptions). */
export function dockerHosts(hostname: string, eth0: string): HostsLine[] {
  return [
    { address: '127.0.0.1', names: ['localhost'] },
    { address: '::1', names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
    { address: 'fe00::0', names: ['ip6-localnet'] },
    { address: 'ff00::0', names: ['ip6-mcastprefix'] },
    { address: 'ff02::1', names: ['ip6-allnodes'] },
    { address: 'ff02::2', names: ['ip6-allrouters'] },
    { address: eth0, names: [hostname] },
  ];
}

export interface HostsMatch {
  readonly canonical: string;
  readonly aliases: readonly string[];
  readonly addresses: readonly { readonly family: 2 | 10; readonly address: string }[];
}

/**
 * glibc's `files` backend: every line whose names include `name` (case-insensitive), in file
 * order, filtered by family (0 = any, 2 = AF_INET, 10 = AF_INET6). The canonical name is the
 * first matching line's; the aliases are its aliases, then each later line's names but the
 * canonical one. An AF_INET lookup reads `::1` as 127.0.0.1 and `::ffff:a.b.c.d` as a.b.c.d and
 * skips other IPv6 lines (files-hosts.c LINE_PARSER), so with Docker's /etc/hosts 'localhost'
 * gives 127.0.0.1 twice, as glibc 2.36 does (checked in a namespace with that file:
 * gethostbyname_ex('localhost') → ('localhost', ['ip6-localhost', 'ip6-loopback'],
 * ['127.0.0.1', '127.0.0.1'])).
 */
export function lookupHosts(hosts: readonly HostsLine[], name: string, family: number): HostsMatch | undefined {
  const key = canonicalName(name);
  const lines = hosts.filter((h) => h.names.some((n) => canonicalName(n) === key))
    .flatMap((h) => {
      const a = hostsAddress(h.address, family);
      return a ? [{ h, ...a }] : [];
    });
  if (lines.length === 0) return undefined;
  const canonical = lines[0]!.h.names[0]!;
  return {
    canonical,
    aliases: lines.flatMap((x, i) => (i === 0 ? x.h.names.slice(1) : x.h.names.filter((n) => n !== canonical))),
    addresses: lines.map((x) => ({ family: x.family, address: x.address })),
  };
}

/** A hosts line's address as a lookup of `family` reads it, or undefined when it skips the line. */
function hostsAddress(address: string, family: number): { family: 2 | 10; address: string } | undefined {
  if (!address.includes(':')) return family === 10 ? undefined : { family: 2, address };
  if (family !== 2) return { family: 10, address };
  const b = parseIpv6Addr(address);
  const inet = b && inetFromIpv6(b);
  if (inet === IN6ADDR_LOOPBACK) return { family: 2, address: '127.0.0.1' };
  return inet !== undefined && !isIpv6(inet) ? { family: 2, address: formatIpv4Addr(inet) } : undefined;
}
