/**
 * iputils `ping -c COUNT HOST` as root (a raw ICMP socket): one echo request per second with
 * a 56-byte payload whose first 16 bytes are the send time (struct timeval, as iputils
 * stamps it), replies matched by echo id, and iputils' output and statistics block.
 */
import type { Program } from '../../stack/socket/context.ts';
import { emitIcmp } from '../../stack/wire/icmp.ts';
import { parseIpv4 } from '../../stack/wire/ipv4.ts';
import { parseIcmp } from '../../stack/wire/icmp.ts';
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import { MSG_DONTWAIT, POLLIN } from '../../stack/abi/linux.ts';

export interface PingOptions {
  readonly host: string;
  readonly count?: number;
  /** seconds between requests (-i) */
  readonly interval?: number;
  /** payload bytes (-s) */
  readonly size?: number;
  /** seconds to wait for the last reply */
  readonly linger?: number;
}

/** iputils' time=… format: three decimals under 1 ms, two under 10 ms, one under 100 ms. */
export function formatRtt(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

function fmt3(us: number): string {
  return `${Math.floor(us / 1000)}.${String(Math.floor(us % 1000)).padStart(3, '0')}`;
}

export const ping = (o: PingOptions): Program => async ({ socket, print, sys }) => {
  const count = o.count ?? 4;
  const interval = Math.round((o.interval ?? 1) * 1e9);
  const size = o.size ?? 56;
  const target = await socket.gethostbyname(o.host);
  const sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP);
  // iputils uses its pid as the echo identifier
  const ident = sys.pid & 0xffff;
  print(`PING ${o.host} (${target}) ${size}(${size + 28}) bytes of data.`);
  const start = sys.now();
  const rtts: number[] = [];
  let sent = 0;
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = i & 0xff;
  const sendOne = async (seq: number) => {
    const now = sys.now();
    const usec = Math.floor(now / 1000);
    const tvSec = sys.epochSeconds + Math.floor(usec / 1e6);
    const tvUsec = usec % 1e6;
    if (size >= 16) {
      const dv = new DataView(payload.buffer);
      dv.setBigUint64(0, BigInt(tvSec), true);
      dv.setBigUint64(8, BigInt(tvUsec), true);
    }
    await sock.sendto(emitIcmp({ kind: 'echoRequest', id: ident, seq, data: payload }), [target, 0]);
    sent++;
    return usec;
  };
  const sentAt = new Map<number, number>();
  // iputils polls its socket until the next send is due; a timeout is not an error there
  const receiveUntil = async (deadline: number) => {
    for (;;) {
      if (deadline - sys.now() <= 0) return;
      const r = await sys.recvfrom(sock.fileno(), 65536, MSG_DONTWAIT);
      if (typeof r === 'number') {
        sys.annotate('recvmsg()');
        await sys.poll([{ fd: sock.fileno(), events: POLLIN, revents: 0 }], (deadline - sys.now()) / 1e6);
        sys.annotate(null);
        continue;
      }
      const packet = r.data;
      const ip = parseIpv4(packet, 0);
      if (!ip.ok) continue;
      const m = parseIcmp(packet, ip.value.ihl * 4, ip.value.totalLength);
      if (!m.ok || m.value.kind !== 'echoReply' || m.value.id !== ident) continue;
      const t0 = sentAt.get(m.value.seq);
      if (t0 === undefined) continue;
      const rtt = Math.floor(sys.now() / 1000) - t0;
      rtts.push(rtt);
      print(`${m.value.data.length + 8} bytes from ${formatIpv4Addr(ip.value.src)}: icmp_seq=${m.value.seq} ttl=${ip.value.ttl} time=${formatRtt(rtt)} ms`);
      if (rtts.length === count) return;
    }
  };
  for (let seq = 1; seq <= count; seq++) {
    sentAt.set(seq, await sendOne(seq));
    const last = seq === count;
    await receiveUntil(last ? sys.now() + Math.round((o.linger ?? 10) * 1e9) : start + seq * interval);
  }
  sock.close();
  const elapsedMs = Math.floor((sys.now() - start + 500_000) / 1e6);
  const loss = Math.round(((sent - rtts.length) * 100) / sent);
  print('');
  print(`--- ${o.host} ping statistics ---`);
  print(`${sent} packets transmitted, ${rtts.length} received, ${loss}% packet loss, time ${elapsedMs}ms`);
  if (rtts.length) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    const mdev = Math.sqrt(rtts.reduce((a, b) => a + b * b, 0) / rtts.length - avg * avg);
    print(`rtt min/avg/max/mdev = ${fmt3(min)}/${fmt3(avg)}/${fmt3(max)}/${fmt3(mdev)} ms`);
  }
};
