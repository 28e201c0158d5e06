/**
 * Name resolution as the Python socket module asks for it. The bridge calls glibc's stub
 * resolver (src/stack/dns) on the calling simulated thread, so lookups make the same DNS
 * traffic as the TypeScript programs' and park the thread while they wait.
 * Failures are PyOSError (socket.gaierror / socket.herror).
 */
import type { Syscalls } from '../stack/syscall/api.ts';
import type { AddrInfo } from '../stack/dns/gai.ts';

export interface PyResolver {
  gethostbyname(name: string): Promise<string>;
  gethostbyname_ex(name: string): Promise<[string, string[], string[]]>;
  getaddrinfo(host: string | null, port: number | null, family: number, type: number, proto: number, flags: number): Promise<readonly AddrInfo[]>;
}

export type PyResolverFactory = (sys: Syscalls) => PyResolver;
