/**
 * getaddrinfo's results and errors as Python shows them.
 *
 * Error codes and texts are glibc's (resolv/netdb.h, posix/gai_strerror-strs.h); Python's
 * `socket.gaierror` prints them as `[Errno -2] Name or service not known`. The socket-type
 * table is glibc's `gaih_inet_typeproto` (sysdeps/posix/getaddrinfo.c): with neither type nor
 * protocol given, each address yields STREAM/TCP, DGRAM/UDP and RAW/0, in that order.
 */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_SEQPACKET = 5;
export const SOCK_DCCP = 6;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const AI_PASSIVE = 1;
export const AI_CANONNAME = 2;
export const AI_NUMERICHOST = 4;
export const AI_ADDRCONFIG = 0x20;

export const EAI_BADFLAGS = -1;
export const EAI_NONAME = -2;
export const EAI_AGAIN = -3;
export const EAI_FAIL = -4;
export const EAI_NODATA = -5;
export const EAI_FAMILY = -6;
export const EAI_SOCKTYPE = -7;
export const EAI_SERVICE = -8;
export const EAI_ADDRFAMILY = -9;

export const GAI_TEXT: Readonly<Record<number, string>> = {
  [EAI_BADFLAGS]: 'Bad value for ai_flags',
  [EAI_NONAME]: 'Name or service not known',
  [EAI_AGAIN]: 'Temporary failure in name resolution',
  [EAI_FAIL]: 'Non-recoverable failure in name resolution',
  [EAI_NODATA]: 'No address associated with hostname',
  [EAI_FAMILY]: 'ai_family not supported',
  [EAI_SOCKTYPE]: 'ai_socktype not supported',
  [EAI_SERVICE]: 'Servname not supported for ai_socktype',
  [EAI_ADDRFAMILY]: 'Address family for hostname not supported',
};

/** h_errno values of gethostbyname_r and hstrerror() texts (Python's socket.herror). */
export const HOST_NOT_FOUND = 1;
export const TRY_AGAIN = 2;
export const NO_RECOVERY = 3;
export const NO_DATA = 4;
export const HERROR_TEXT: Readonly<Record<number, string>> = {
  [HOST_NOT_FOUND]: 'Unknown host',
  [TRY_AGAIN]: 'Host name lookup failure',
  [NO_RECOVERY]: 'Unknown server error',
  [NO_DATA]: 'No address associated with name',
};

/** `str(socket.gaierror(...))`, e.g. `[Errno -2] Name or service not known`. */
export function formatGaiError(code: number): string {
  return `[Errno ${code}] ${GAI_TEXT[code] ?? 'Unknown error'}`;
}

export interface TypeProto { readonly type: number; readonly proto: number }

interface TypeProtoRow { readonly type: number; readonly proto: number; readonly protoAny: boolean; readonly byDefault: boolean }

const TYPEPROTO: readonly TypeProtoRow[] = [
  { type: SOCK_STREAM, proto: IPPROTO_TCP, protoAny: false, byDefault: true },
  { type: SOCK_DGRAM, proto: IPPROTO_UDP, protoAny: false, byDefault: true },
  { type: SOCK_DCCP, proto: 33, protoAny: false, byDefault: false },
  { type: SOCK_DGRAM, proto: 136, protoAny: false, byDefault: false }, // UDP-Lite
  { type: SOCK_STREAM, proto: 132, protoAny: false, byDefault: false }, // SCTP
  { type: SOCK_SEQPACKET, proto: 132, protoAny: false, byDefault: false },
  { type: SOCK_RAW, proto: 0, protoAny: true, byDefault: true },
];

/** The (type, proto) pairs each address yields, or a gai error code (glibc gaih_inet). */
export function socketTuples(type: number, proto: number): TypeProto[] | number {
  if (type === 0 && proto === 0) return TYPEPROTO.filter((r) => r.byDefault).map(({ type: t, proto: p }) => ({ type: t, proto: p }));
  const row = TYPEPROTO.find((r) => (type === 0 || type === r.type) && (proto === 0 || proto === r.proto || r.protoAny));
  if (!row) return type !== 0 ? EAI_SOCKTYPE : EAI_SERVICE;
  return [{ type: row.type, proto: row.protoAny ? proto : row.proto }];
}

export interface AddrInfo {
  readonly family: 2 | 10;
  readonly type: number;
  readonly proto: number;
  readonly canonname: string;
  readonly address: string;
  readonly port: number;
}

const FAMILY_REPR: Readonly<Record<number, string>> = { 2: '<AddressFamily.AF_INET: 2>', 10: '<AddressFamily.AF_INET6: 10>' };
const KIND_REPR: Readonly<Record<number, string>> = {
  1: '<SocketKind.SOCK_STREAM: 1>', 2: '<SocketKind.SOCK_DGRAM: 2>', 3: '<SocketKind.SOCK_RAW: 3>',
  4: '<SocketKind.SOCK_RDM: 4>', 5: '<SocketKind.SOCK_SEQPACKET: 5>',
};

const pyStr = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Python's repr of one getaddrinfo() tuple. */
export function reprAddrInfo(a: AddrInfo): string {
  const sockaddr = a.family === AF_INET ? `(${pyStr(a.address)}, ${a.port})` : `(${pyStr(a.address)}, ${a.port}, 0, 0)`;
  const kind = KIND_REPR[a.type] ?? String(a.type);
  return `(${FAMILY_REPR[a.family]}, ${kind}, ${a.proto}, ${pyStr(a.canonname)}, ${sockaddr})`;
}

/** Python's repr of the list getaddrinfo() returns. */
export function reprAddrInfoList(list: readonly AddrInfo[]): string {
  return `[${list.map(reprAddrInfo).join(', ')}]`;
}

/**
 * getaddrinfo(NULL, service, …): no name to look up (glibc gaih_inet with name == NULL). With
 * AI_PASSIVE the wildcard addresses a server binds to, 0.0.0.0 then ::; without, loopback, ::1
 * then 127.0.0.1 (the orders Linux gives, checked on 6.18 with Debian 12's glibc). Python's
 * getaddrinfo(None, 80, flags=AI_PASSIVE) is how asyncio's create_server(host=None) finds its
 * addresses. Neither name nor service: EAI_NONAME.
 */
export function unnamedHost(port: number | null, family: number, type: number, proto: number, flags: number): AddrInfo[] | number {
  if (port === null) return EAI_NONAME;
  if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) return EAI_FAMILY;
  const tuples = socketTuples(type, proto);
  if (typeof tuples === 'number') return tuples;
  const passive = (flags & AI_PASSIVE) !== 0;
  const both: readonly { family: 2 | 10; address: string }[] = passive
    ? [{ family: AF_INET, address: '0.0.0.0' }, { family: AF_INET6, address: '::' }]
    : [{ family: AF_INET6, address: '::1' }, { family: AF_INET, address: '127.0.0.1' }];
  const out: AddrInfo[] = [];
  for (const a of both) {
    if (family !== AF_UNSPEC && family !== a.family) continue;
    for (const t of tuples) out.push({ family: a.family, type: t.type, proto: t.proto, canonname: '', address: a.address, port });
  }
  return out;
}

/**
 * AI_ADDRCONFIG (glibc getaddrinfo after __check_pf): only the families the host has a
 * non-loopback address of. A lab host has IPv4 on eth0 and IPv6 on lo alone, and ::1 does not
 * count (check_pf.c skips IN6_IS_ADDR_LOOPBACK), so AF_UNSPEC narrows to AF_INET (one A query,
 * no AAAA) and AF_INET6 can find nothing. The family to look up, or a negative EAI_* code.
 */
export function addrconfigFamily(family: number, flags: number): number {
  if ((flags & AI_ADDRCONFIG) === 0) return family;
  if (family === AF_UNSPEC) return AF_INET;
  return family === AF_INET6 ? EAI_NONAME : family;
}
