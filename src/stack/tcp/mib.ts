/**
 * The kernel's SNMP counters that TCP's input counts and `nstat` shows (include/uapi/linux/snmp.h
 * LINUX_MIB_*, named as /proc/net/netstat's TcpExt row names them). A step reports one as an
 * effect (kind 'mib'); the layer keeps the host's totals (TcpLayer.mib()). The effect objects are
 * shared and frozen: counting allocates nothing.
 */
import type { Ctx, TcpEffect } from './conn.ts';

export const TCP_MIB_COUNTERS = [
  /** LINUX_MIB_BEYOND_WINDOW: tcp_sequence() refused a segment past the window (too new, or its end too far while data waits) */
  'TcpExtBeyondWindow',
  /** LINUX_MIB_TCPZEROWINDOWDROP: tcp_data_queue() dropped data that came into a zero window */
  'TcpExtTCPZeroWindowDrop',
  /** LINUX_MIB_TCPRCVQDROP: tcp_data_queue() dropped data pruning could not make room for */
  'TcpExtTCPRcvQDrop',
  /** LINUX_MIB_TCPBACKLOGCOALESCE: tcp_add_backlog() joined a segment to the backlog's last one (owner.ts; counted by the layer) */
  'TcpExtTCPBacklogCoalesce',
] as const;

export type TcpMibCounter = (typeof TCP_MIB_COUNTERS)[number];

const EFFECTS = Object.fromEntries(TCP_MIB_COUNTERS.map((counter) => [counter, Object.freeze({ kind: 'mib', counter } as const)])) as Record<TcpMibCounter, TcpEffect>;

/** NET_INC_STATS(sock_net(sk), counter) */
export function countMib(c: Ctx, counter: TcpMibCounter): void {
  c.eff.push(EFFECTS[counter]);
}
