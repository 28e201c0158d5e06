/**
 * The timeline's socket rows: after an event on a host, every TCP socket's queues (as `ss`
 * shows Send-Q and Recv-Q), windows and congestion window, read from the layer's own
 * SIOCINQ/SIOCOUTQ and TCP_INFO answers. The recording keeps only what changed.
 */
import type { Timeline } from './timeline.ts';
import type { SimHost } from './host.ts';
import type { Nanos } from './time.ts';

export function recordSockets(timeline: Timeline, host: SimHost, now: Nanos): void {
  const tcp = host.kernel.tcp;
  for (const row of tcp.rows()) {
    const q = tcp.queues?.(row.id);
    const info = tcp.info?.(row.id, now);
    timeline.sock(host.name, row.id, now, {
      state: row.state, local: row.local, remote: row.peer,
      sendQ: q?.outq ?? row.sendQ, recvQ: q?.unread ?? row.recvQ,
      rcvWnd: info?.tcpi_rcv_wnd, sndWnd: info?.tcpi_snd_wnd,
      cwnd: info ? info.tcpi_snd_cwnd * info.tcpi_snd_mss : undefined,
    });
  }
}
