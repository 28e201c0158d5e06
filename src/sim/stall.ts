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
  /** the thread (its tid equals the pid for a program's main thread) */
  readonly tid: number;
  readonly thread: string;
  readonly program: string;
  /** the call it waits in: "recv(32)", or "a promise nothing in the simulation settles" for a hung thread */
  readonly call: string;
  /** the fd it waits on, -1 for none (sleep, futex, join, hung) */
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
      for (const t of p.threads) {
        const base = { host: h.name, pid: p.pid, tid: t.tid, thread: t.name, program: p.name };
        if (t.blocked) blocked.push({ ...base, call: t.blocked.what, fd: t.blocked.fds[0] ?? -1, since: t.blocked.since });
        else if (t.state === 'hung') blocked.push({ ...base, call: 'a promise nothing in the simulation settles', fd: -1, since: world.now });
      }
    }
    const rows = h.kernel.tcp.rows();
    if (rows.length) sockets.push({ host: h.name, rows });
  }
  return { at: world.now, reason, blocked, sockets };
}

export function formatStallReport(r: StallReport): string {
  const lines = [`stalled at t=${formatNanos(r.at)} s: ${r.reason}`, '', 'blocked programs:'];
  for (const b of r.blocked) {
    const who = b.tid === b.pid ? `pid ${b.pid} ${b.program}` : `pid ${b.pid} ${b.program} thread ${b.tid} (${b.thread})`;
    const on = b.fd >= 0 ? ` on fd ${b.fd}` : '';
    lines.push(`  ${b.host} ${who}: blocked in ${b.call}${on} since t=${formatNanos(b.since)} s`);
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
