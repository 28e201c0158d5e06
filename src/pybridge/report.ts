/**
 * What the run report says about each Python program: the isolation it ran with, the calls labwire does not simulate (each one makes the
 * run exit non-zero), a thread the watchdog found blocked outside the simulation, and the
 * child's own diagnostics when it died without a traceback.
 */
import type { Isolation } from './isolation.ts';

export interface NotSimulated {
  readonly what: string;
  readonly where: string;
}

export interface ProgramReport {
  readonly host: string;
  readonly name: string;
  isolation: Isolation | null;
  /** the child's network namespace (/proc/self/ns/net), to check it was not the host's */
  netns: string;
  readonly unsupported: NotSimulated[];
  /** the watchdog's finding: a thread blocked outside the simulation, with its Python stack */
  stuck: string | null;
  exitCode: number | null;
  diagnostics: string;
}

export class BridgeReport {
  readonly programs: ProgramReport[] = [];
  /** programs still running when the run ended (servers), with the calls they waited in; stopped then */
  readonly stillRunning: { readonly file: string; readonly calls: readonly string[] }[] = [];

  add(host: string, name: string): ProgramReport {
    const p: ProgramReport = { host, name, isolation: null, netns: '', unsupported: [], stuck: null, exitCode: null, diagnostics: '' };
    this.programs.push(p);
    return p;
  }

  /** true when the run must exit non-zero whatever the programs' own exit codes */
  get failed(): boolean {
    return this.programs.some((p) => p.unsupported.length > 0 || p.stuck !== null);
  }

  lines(): string[] {
    const out: string[] = [];
    for (const p of this.programs) {
      const who = `${p.host} ${p.name}`;
      if (p.isolation && !p.isolation.netns) out.push(`${who}: ran without an empty network namespace (unshare -rn is not allowed here)`);
      if (p.isolation && !p.isolation.aslrOff) out.push(`${who}: ran with address-space randomisation on (setarch -R failed): object addresses may differ between runs`);
      for (const u of p.unsupported) out.push(`${who}: ${u.what} is not simulated (${u.where})`);
      if (p.stuck) out.push(`${who}: ${p.stuck}`);
      if (p.diagnostics.trim()) out.push(`${who}: the Python process wrote outside the simulation:\n${p.diagnostics.trimEnd()}`);
    }
    return out;
  }
}
