/**
 * tshark's -d (Decode As) for the ports labs use: `tcp.port==N,http` makes a TCP port HTTP
 * (`…,tls` TLS),
 * `udp.port==N,dns` a UDP port DNS, and `…,data` keeps a port's payload as plain Data (no
 * port rule, no heuristic), which is how a tshark user silences a port-based decode.
 */

export interface DecodeAs {
  readonly layer: 'tcp' | 'udp';
  readonly port: number;
  readonly proto: 'http' | 'tls' | 'dns' | 'data';
}

const PROTOS: Readonly<Record<DecodeAs['layer'], readonly DecodeAs['proto'][]>> = { tcp: ['http', 'tls', 'data'], udp: ['dns', 'data'] };

/** Parse `tcp.port==8000,http`; returns what is wrong otherwise. */
export function parseDecodeAs(arg: string): DecodeAs | string {
  const m = /^(tcp|udp)\.port\s*==\s*(\d+),(\w+)$/.exec(arg);
  if (!m) return `-d ${arg}: labwire show takes -d tcp.port==N,http|tls|data and -d udp.port==N,dns|data`;
  const layer = m[1] as DecodeAs['layer'];
  const port = Number(m[2]);
  const proto = m[3]! as DecodeAs['proto'];
  if (port > 65535) return `-d ${arg}: ${port} is not a port number`;
  if (!PROTOS[layer].includes(proto)) return `-d ${arg}: ${layer} ports decode as ${PROTOS[layer].slice(0, -1).join(', ')} or ${PROTOS[layer].at(-1)} here`;
  return { layer, port, proto };
}

/** What -d says about a pair of ports: the protocol forced on them, if any. */
export function decodedAs(rules: readonly DecodeAs[], layer: DecodeAs['layer'], a: number, b: number): DecodeAs['proto'] | undefined {
  for (const r of rules) if (r.layer === layer && (r.port === a || r.port === b)) return r.proto;
  return undefined;
}
