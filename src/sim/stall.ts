/**
 * The report for a run that cannot finish: which programs are blocked in which call since
 * when, and every TCP socket's queues as `ss -tn` shows them (Recv-Q: bytes received but not
 * read; Send-Q: bytes written but not yet acknowledged).
 */
import type { World } from './world.ts';
import { formatNanos } from './time.ts';
import type { TcpSocketRow } from '../stack/kernel/tcp-services.ts';

export interface BlockedProgram {
  readonly host: string;
  readonly pid: number;
  readonly program: string;
  readonly call: string;
  readonly fd: number;
  readonly since: number;
}

export interface StallReport {
  readonly at: number;
  readonly reason: string;
  readonly blocked: readonly BlockedProgram[];
  readonly sockets: readonly { readonly host: string; readonly rows: readonly TcpSocketRow[] }[];
}

export function buildStallReport(world: World, reason: string): StallReport {
  const blocked: BlockedProgram[] = [];
  const sockets: { host: string; rows: readonly TcpSocketRow[] }[] = [];
  for (const h of world.hosts.values()) {
    for (const p of h.processes) {
      if (p.blocked) blocked.push({ host: h.name, pid: p.pid, program: p.name, call: p.blocked.what, fd: p.blocked.fd, since: p.blocked.since });
    }
    const rows = h.kernel.tcp.rows();
    if (rows.length) sockets.push({ host: h.name, rows });
  }
  return { at: world.now, reason, blocked, sockets };
}

export function formatStallReport(r: StallReport): string {
  const lines = [`stalled at t=${formatNanos(r.at)} s: ${r.reason}`, '', 'blocked programs:'];
  for (const b of r.blocked) {
    lines.push(`  ${b.host} pid ${b.pid} ${b.program}: blocked in ${b.call} on fd ${b.fd} since t=${formatNanos(b.since)} s`);
  }
  for (const s of r.sockets) {
    lines.push('', `${s.host}$ ss -tn`);
    lines.push(`${'State'.padEnd(11)}${'Recv-Q'.padStart(8)} ${'Send-Q'.padStart(8)}  ${'Local Address:Port'.padEnd(24)}${'Peer Address:Port'}`);
    for (const row of s.rows) {
      lines.push(`${row.state.padEnd(11)}${String(row.recvQ).padStart(8)} ${String(row.sendQ).padStart(8)}  ${row.local.padEnd(24)}${row.peer}`);
    }
  }
  return lines.join('\n');
}
