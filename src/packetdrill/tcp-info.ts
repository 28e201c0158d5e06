/**
 * What a `%{ }%` snippet sees: the socket's struct tcp_info fields by their C names, the
 * SO_MEMINFO values packetdrill reads beside them (SK_MEMINFO_*, those labwire has), and the
 * constants packetdrill's Python preamble and the scripts use (include/uapi/linux/tcp.h,
 * include/net/tcp_states.h).
 */
import type { TcpInfo } from '../stack/syscall/api.ts';
import type { PyValue } from './python.ts';

/** enum tcp_ca_state (include/uapi/linux/tcp.h) */
const CA_STATES: Readonly<Record<string, number>> = {
  TCP_CA_Open: 0,
  TCP_CA_Disorder: 1,
  TCP_CA_CWR: 2,
  TCP_CA_Recovery: 3,
  TCP_CA_Loss: 4,
};

/** TCP_ESTABLISHED … TCP_CLOSING (include/net/tcp_states.h) */
const TCP_STATES: Readonly<Record<string, number>> = {
  TCP_ESTABLISHED: 1,
  TCP_SYN_SENT: 2,
  TCP_SYN_RECV: 3,
  TCP_FIN_WAIT1: 4,
  TCP_FIN_WAIT2: 5,
  TCP_TIME_WAIT: 6,
  TCP_CLOSE: 7,
  TCP_CLOSE_WAIT: 8,
  TCP_LAST_ACK: 9,
  TCP_LISTEN: 10,
  TCP_CLOSING: 11,
};

/** tcpi_options bits (include/uapi/linux/tcp.h) */
const TCPI_OPTS: Readonly<Record<string, number>> = {
  TCPI_OPT_TIMESTAMPS: 1,
  TCPI_OPT_SACK: 2,
  TCPI_OPT_WSCALE: 4,
  TCPI_OPT_ECN: 8,
  TCPI_OPT_ECN_SEEN: 16,
  TCPI_OPT_SYN_DATA: 32,
};

const CONSTANTS: Readonly<Record<string, number>> = { ...CA_STATES, ...TCP_STATES, ...TCPI_OPTS };

/** SK_MEMINFO_* (include/uapi/linux/sock_diag.h) that labwire can give: the buffer sizes as set. */
export interface MemInfo {
  readonly SK_MEMINFO_RCVBUF: number;
  readonly SK_MEMINFO_SNDBUF: number;
}

/**
 * The names a snippet can read at this moment: tcpi_* from `info` and SK_MEMINFO_* from
 * `mem` (none without a socket), then constants.
 */
export function snippetLocals(info: TcpInfo | null, mem: MemInfo | null = null): (name: string) => PyValue | undefined {
  const fields = info as unknown as Readonly<Record<string, number>> | null;
  const memFields = mem as unknown as Readonly<Record<string, number>> | null;
  return (name) => {
    if (name.startsWith('tcpi_')) return fields?.[name];
    if (name.startsWith('SK_MEMINFO_')) return memFields?.[name];
    return CONSTANTS[name];
  };
}
