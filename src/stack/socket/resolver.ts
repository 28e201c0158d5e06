/**
 * Name resolution as a program sees it through Python's socket module. `HostsResolver` is a
 * machine with /etc/hosts and no DNS; the DNS-aware resolver (glibc's stub talking to the
 * machine's nameserver) implements the same interface in src/stack/dns.
 */
import { PyRaw, type PyValue } from './repr.ts';
import { EAI_NONAME, gaiError } from './errors.ts';
import { formatIpv4Addr, parseIpv4Addr, type Ipv4Addr } from '../wire/addr.ts';
import { SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, IPPROTO_TCP, IPPROTO_UDP, AF_INET } from './socket.ts';

export interface AddrInfo {
  readonly family: number;
  readonly type: number;
  readonly proto: number;
  readonly canonname: string;
  readonly sockaddr: readonly [string, number];
}

export interface NameResolver {
  gethostname(): string;
  gethostbyname(name: string): Promise<string>;
  gethostbyname_ex(name: string): Promise<[string, string[], string[]]>;
  getaddrinfo(host: string, port: number | null, family?: number, type?: number, proto?: number): Promise<AddrInfo[]>;
}

/** Parse /etc/hosts: lines of "address name [aliases…]", # comments. */
export function parseHostsFile(text: string): { addr: Ipv4Addr; names: string[] }[] {
  const out: { addr: Ipv4Addr; names: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [a, ...names] = line.split(/\s+/);
    const addr = parseIpv4Addr(a!);
    if (addr !== undefined && names.length) out.push({ addr, names });
  }
  return out;
}

export function lookupHosts(hostsText: string, name: string): { addr: Ipv4Addr; canonical: string; aliases: string[] } | undefined {
  const lower = name.toLowerCase();
  for (const e of parseHostsFile(hostsText)) {
    if (e.names.some((n) => n.toLowerCase() === lower)) {
      return { addr: e.addr, canonical: e.names[0]!, aliases: e.names.slice(1) };
    }
  }
  return undefined;
}

/**
 * glibc getaddrinfo's result list for one IPv4 address: one entry per socket type unless the
 * caller filtered by type or protocol (SOCK_STREAM/6, SOCK_DGRAM/17, SOCK_RAW/0).
 */
export function addrInfoFor(addrs: readonly Ipv4Addr[], port: number | null, type = 0, proto = 0): AddrInfo[] {
  const kinds: [number, number][] = [[SOCK_STREAM, IPPROTO_TCP], [SOCK_DGRAM, IPPROTO_UDP], [SOCK_RAW, 0]];
  const wanted = kinds.filter(([t, p]) => (type === 0 || type === t) && (proto === 0 || proto === p));
  return addrs.flatMap((a) =>
    wanted.map(([t, p]) => ({ family: AF_INET, type: t, proto: p, canonname: '', sockaddr: [formatIpv4Addr(a), port ?? 0] as const })),
  );
}

const SOCKET_KIND: Readonly<Record<number, string>> = { [SOCK_STREAM]: 'SOCK_STREAM', [SOCK_DGRAM]: 'SOCK_DGRAM', [SOCK_RAW]: 'SOCK_RAW' };

/** Python's repr of getaddrinfo()'s list. */
export function reprAddrInfo(list: readonly AddrInfo[]): string {
  const items: PyValue[] = list.map((i) => [
    new PyRaw(`<AddressFamily.AF_INET: ${i.family}>`),
    new PyRaw(`<SocketKind.${SOCKET_KIND[i.type]}: ${i.type}>`),
    i.proto,
    i.canonname,
    [i.sockaddr[0], i.sockaddr[1]],
  ]);
  return `[${items.map((v) => reprTuple(v as PyValue[])).join(', ')}]`;
}

function reprTuple(v: PyValue[]): string {
  return `(${v.map((x) => (Array.isArray(x) ? reprTuple(x as PyValue[]) : reprOne(x))).join(', ')})`;
}

function reprOne(x: PyValue): string {
  if (x instanceof PyRaw) return x.text;
  if (typeof x === 'string') return `'${x}'`;
  return String(x);
}

/** A machine that answers from /etc/hosts only. */
export class HostsResolver implements NameResolver {
  constructor(
    private readonly hostname: string,
    private readonly hostsText: () => string,
  ) {}

  gethostname(): string {
    return this.hostname;
  }

  private find(name: string) {
    const ip = parseIpv4Addr(name);
    if (ip !== undefined) return { addr: ip, canonical: name, aliases: [] as string[] };
    const hit = lookupHosts(this.hostsText(), name);
    if (!hit) throw gaiError(EAI_NONAME);
    return hit;
  }

  async gethostbyname(name: string): Promise<string> {
    return formatIpv4Addr(this.find(name).addr);
  }

  async gethostbyname_ex(name: string): Promise<[string, string[], string[]]> {
    const h = this.find(name);
    return [h.canonical, h.aliases, [formatIpv4Addr(h.addr)]];
  }

  async getaddrinfo(host: string, port: number | null, _family = 0, type = 0, proto = 0): Promise<AddrInfo[]> {
    return addrInfoFor([this.find(host).addr], port, type, proto);
  }
}
