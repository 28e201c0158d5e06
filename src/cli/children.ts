/**
 * The run's own child processes (the Python programs' interpreters, spawned by the worker
 * thread, so children of this process), found in /proc as `ps --ppid` finds them. When the
 * CLI gives a run up as stalled, the worker may be blocked reading a child's pipe (the
 * bridge reads synchronously: the simulation stands still while Python runs); killing the
 * children ends that read at once, where waiting would leave it to the bridge's own watchdog.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** pids of the processes whose parent is `ppid` (none where /proc is not Linux's) */
export function childPids(ppid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(e));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** SIGKILL every child of this process; returns how many were signalled. */
export function killChildren(): number {
  let n = 0;
  for (const pid of childPids(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
      n++;
    } catch {
      // already gone
    }
  }
  return n;
}
