/**
 * The model of a parsed packetdrill script: its `--options`, the init shell command, and
 * the timed events (packets in and out, system calls, shell commands, Python snippets), in
 * script order. Times are microseconds as the script wrote them, before relative times are
 * resolved (the runner resolves them: see times.ts).
 */
import type { TcpOption } from '../stack/wire/tcp-options.ts';

/** A system-call argument or result, as packetdrill's grammar builds it. */
export type Expr =
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'word'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'or'; readonly terms: readonly Expr[] }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  /** `{…}`: sockaddr, msghdr, iovec, pollfd, linger, epoll_event … read by field name */
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  /** htons(8080), inet_addr("192.0.2.1") */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  /** `WORD = expr` inside an argument list */
  | { readonly kind: 'assign'; readonly name: string; readonly value: Expr };

export interface StructField {
  /** null for a positional item (`{..., 40}`) */
  readonly name: string | null;
  /** msg_iov(1)=…: the count in parentheses */
  readonly count: Expr | null;
  readonly value: Expr;
}

/**
 * A TCP option as written: the wire codec's own option type, or one this runner does not
 * build or match (FO, md5, AccECN), kept by name for the report.
 */
export type TcpOptionSpec = TcpOption | { readonly kind: 'other'; readonly name: string };

export type IpEcn = 'noecn' | 'ect0' | 'ect1' | 'ce' | 'ect01';

/**
 * An ICMP packet (parser.y icmp_packet_spec): `icmp unreachable frag_needed mtu 1200
 * [1:1461(1460)]` — type and code by packetdrill's names, the next-hop MTU, and the TCP
 * segment it quotes (its IP header and first 8 bytes, the sequence number in the script's
 * space; sequence 0 when the line names none); `quotes` null when the quote is not TCP.
 */
export interface IcmpSpec {
  readonly type: string;
  readonly code: string | null;
  readonly mtu: number | null;
  readonly quotes: { readonly seq: number; readonly len: number } | null;
  /** `[udp (N)]` or `[raw (N)]`: a quote the runner does not build */
  readonly quotesOther: string | null;
}

export interface PacketSpec {
  readonly direction: 'in' | 'out';
  /** a non-TCP packet (udp) or a header the runner does not model (gre, mpls …) */
  readonly other: string | null;
  /** an ICMP packet, with `other` null */
  readonly icmp?: IcmpSpec;
  /** TCP flag letters as written, e.g. "S.", "P.", "F.", "." (ACK only), "" (none) */
  readonly flags: string;
  readonly ecn: IpEcn | null;
  readonly tos: number | null;
  readonly ttl: number | null;
  readonly seq: number;
  readonly len: number;
  /** the number after `ack`, or null when absent */
  readonly ack: number | null;
  readonly win: number | null;
  readonly urg: number | null;
  /** null: `<...>`, the options are not checked */
  readonly options: readonly TcpOptionSpec[] | null;
}

export interface SyscallSpec {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly result: Expr;
  /** EINPROGRESS in `= -1 EINPROGRESS (Operation now in progress)` */
  readonly errno: string | null;
  /** for a blocking call (`+0...0.1 read(…)`): the end time as written, µs */
  readonly endUsecs: number | null;
}

/** When an event happens, as written: `0.1`, `+.1`, `*`, `0.1~0.2`, `+.1~+.2`. */
export type EventTime =
  | { readonly type: 'absolute'; readonly usecs: number }
  | { readonly type: 'relative'; readonly usecs: number }
  | { readonly type: 'any' }
  | { readonly type: 'range'; readonly relative: boolean; readonly usecs: number; readonly endUsecs: number };

export type EventAction =
  | { readonly kind: 'packet'; readonly packet: PacketSpec }
  | { readonly kind: 'syscall'; readonly call: SyscallSpec }
  | { readonly kind: 'command'; readonly command: string }
  | { readonly kind: 'code'; readonly code: string };

export type ScriptEvent = EventAction & { readonly line: number; readonly time: EventTime };

export interface Script {
  /** `--tolerance_usecs=10000` → tolerance_usecs: "10000"; a bare flag maps to "" */
  readonly options: ReadonlyMap<string, string>;
  /** the backquoted command before the first event (usually sources defaults.sh) */
  readonly init: string | null;
  readonly events: readonly ScriptEvent[];
  /** the backquoted command after the last event (usually restores sysctls) */
  readonly cleanup: string | null;
}
