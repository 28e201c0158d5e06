/**
 * Name resolution as a program sees it through Python's socket module. The implementation
 * is glibc's stub (glibc-resolver.ts): /etc/hosts, then the nameservers of
 * /etc/resolv.conf over UDP.
 */
import type { AddrInfo } from '../dns/gai.ts';
import { AF_INET6, reprAddrInfoList } from '../dns/gai.ts';

export type { AddrInfo };

/** getaddrinfo()'s list; print() shows it as Python's repr of the list of tuples. */
export class AddrInfoList extends Array<AddrInfo> {
  pyRepr(): string {
    return reprAddrInfoList(this);
  }
}

export interface NameResolver {
  gethostname(): string;
  gethostbyname(name: string): Promise<string>;
  gethostbyname_ex(name: string): Promise<[string, string[], string[]]>;
  gethostbyaddr(host: string): Promise<[string, string[], string[]]>;
  getaddrinfo(host: string | null, port: number | null, family?: number, type?: number, proto?: number, flags?: number): Promise<AddrInfoList>;
}

/**
 * CPython's setipaddr() for a name: the first address, as text, for a socket of `family`:
 * gethostbyname's for AF_INET, getaddrinfo(name, AF_INET6)'s first for AF_INET6.
 */
export async function firstAddress(r: NameResolver, host: string, family: number): Promise<string> {
  if (family !== AF_INET6) return r.gethostbyname(host);
  return (await r.getaddrinfo(host, null, AF_INET6))[0]!.address;
}
