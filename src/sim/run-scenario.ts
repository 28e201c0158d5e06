/**
 * Runs a scenario: checks it (validateScenario: every field, before anything runs), builds
 * its World, attaches its captures to files (written under a temporary name and renamed when
 * the run ends, removed if it fails), starts its programs and daemons, and returns the
 * transcripts, the capture paths and any stall report.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { World, type RunResult } from './world.ts';
import { buildLab, type ScenarioSpec } from './scenario.ts';
import { validateScenario } from './scenario-schema.ts';
import { toNanos } from './duration.ts';
import { applyNetworkFaults } from './netem/apply.ts';
import { CPU_PROFILES } from '../stack/syscall/cpu-profile.ts';
import { openCaptureWriter, openMemoryCaptureWriter, type CaptureWriter } from '../capture/writer.ts';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from '../capture/link-types.ts';
import type { CaptureFormat } from '../capture/record.ts';
import type { MakeTcp } from './host.ts';
import { TcpLayer } from '../stack/tcp/layer.ts';
import { makeProgramContext, glibcResolver, type Program } from '../stack/socket/context.ts';
import { PyOSError } from '../stack/socket/errors.ts';
import type { Syscalls } from '../stack/syscall/api.ts';
import type { TcpSocketRow } from '../stack/kernel/tcp-services.ts';

export interface RunScenarioOptions {
  /** the scenario's file, for error messages */
  readonly file?: string;
  readonly seed?: number;
  /** folder for capture files; omit to keep captures in memory */
  readonly outDir?: string;
  readonly format?: CaptureFormat;
  readonly anyLink?: 'sll' | 'sll2';
  /** cut captured frames to this many bytes (headers-only captures of bulk transfers) */
  readonly snaplen?: number;
  readonly makeTcp?: MakeTcp;
  /** the teaching timeline to record into (World.timeline); off by default */
  readonly timeline?: import('./timeline.ts').Timeline;
  /** shared with a watchdog: see World.heartbeat */
  readonly heartbeat?: Int32Array;
  /** told every process once the scenario's programs are spawned (a watchdog names them) */
  readonly onStart?: (processes: readonly { pid: number; host: string; name: string }[]) => void;
}

export interface CaptureResult {
  readonly host: string;
  readonly iface: string;
  readonly path: string | null;
  readonly packets: number;
  /** the file's bytes when kept in memory */
  readonly bytes: Uint8Array | null;
}

export interface ScenarioRun {
  readonly scenario: ScenarioSpec;
  readonly seed: number;
  readonly result: RunResult;
  readonly captures: readonly CaptureResult[];
  /** every machine's files after the run (path → bytes), by machine name */
  readonly files: ReadonlyMap<string, ReadonlyMap<string, Uint8Array>>;
  /** the files programs wrote or changed during the run, by machine name */
  readonly written: ReadonlyMap<string, readonly string[]>;
  /** every machine's TCP sockets when the run ended, as `ss -tan` lists them */
  readonly tcpRows: readonly { readonly host: string; readonly rows: readonly TcpSocketRow[] }[];
}

export const DEFAULT_SEED = 1;

/**
 * Linux hands TCP super-segments (GSO) to veth and Docker's bridge and captures show them
 * whole (test/fixtures/real/echo2mb: frames up to 65228 bytes); gso_max_size 65536 less the
 * headers gives TCP's 65215-byte cap.
 */
export const GSO_MAX_SIZE = 65215;

export const defaultMakeTcp: MakeTcp = (services, profile) => new TcpLayer(services, profile, { gsoMaxSize: GSO_MAX_SIZE });

/** Runs a lab program with its Python-like context; an uncaught Python error ends it as Python would. */
function asBody(program: Program, resolver = glibcResolver) {
  return async (sys: Syscalls) => {
    const ctx = makeProgramContext(sys, resolver);
    try {
      await program(ctx);
    } catch (e) {
      if (e instanceof PyOSError) {
        sys.stderr('Traceback (most recent call last):');
        sys.stderr(e.pyLine);
      }
      throw e;
    }
  };
}

function extension(format: CaptureFormat): string {
  return format === 'pcapng' ? 'pcapng' : 'pcap';
}

export async function runScenario(spec: ScenarioSpec, opts: RunScenarioOptions = {}): Promise<ScenarioRun> {
  const file = opts.file ?? `scenarios/${spec.name}.ts`;
  const sc = validateScenario(spec, file);
  const seed = opts.seed ?? DEFAULT_SEED;
  const lab = buildLab(file, sc);
  const world = new World({ seed, epochSeconds: lab.epochSeconds, segments: lab.segments, hosts: lab.hosts, makeTcp: opts.makeTcp ?? defaultMakeTcp });
  const format = opts.format ?? 'pcap-ns';
  const writers: { host: string; iface: string; path: string | null; w: CaptureWriter & { bytes?: () => Uint8Array } }[] = [];
  if (opts.outDir) mkdirSync(opts.outDir, { recursive: true });
  try {
    for (const c of sc.captures) {
      const link = c.link ?? opts.anyLink ?? 'sll';
      const linkType = c.iface !== 'any' ? LINKTYPE_ETHERNET : link === 'sll' ? LINKTYPE_LINUX_SLL : LINKTYPE_LINUX_SLL2;
      const options = { format, interfaces: [{ name: c.iface, linkType, snaplen: opts.snaplen }], epochSeconds: lab.epochSeconds };
      const path = opts.outDir ? join(opts.outDir, `${sc.name}.${c.on}-${c.iface}.${extension(format)}`) : null;
      const w = path ? openCaptureWriter({ ...options, path }) : openMemoryCaptureWriter(options);
      writers.push({ host: c.on, iface: c.iface, path, w });
      const from = c.from === undefined ? 0 : toNanos(c.from);
      const until = c.until === undefined ? Infinity : toNanos(c.until);
      const write = (t: number, frame: Uint8Array) => {
        if (t >= from && t < until) w.write(0, t, frame); // a capture window
      };
      world.capture(c.on, c.iface, { write }, link);
    }
    applyNetworkFaults(world, sc);
    const resolver = sc.lab.resolver ?? glibcResolver;
    for (const [name, u] of Object.entries(sc.lab.upstream ?? {})) {
      (u.daemons ?? []).forEach((d, i) => world.spawn(name, `${name}-daemon-${i}`, asBody(d, resolver), 0, true));
    }
    for (const m of Object.keys(sc.lab.machines)) {
      (sc.lab.machineDaemons ?? []).forEach((d, i) => world.spawn(m, `daemon-${i}`, asBody(d, resolver), 0, true));
    }
    for (const p of sc.programs) world.spawn(p.on, p.name, asBody(p.run, resolver), toNanos(p.at ?? 0), p.daemon || (p.background ?? false), CPU_PROFILES[p.cpu ?? sc.cpu ?? 'none']);
    if (opts.heartbeat) world.heartbeat = opts.heartbeat;
    if (opts.timeline) world.timeline = opts.timeline;
    opts.onStart?.(world.processes().map((p) => ({ pid: p.pid, host: p.host, name: p.name })));
    const before = new Map([...world.hosts].map(([n, h]) => [n, new Map(h.files)]));
    const result = await world.run({ settle: sc.settle === undefined ? undefined : toNanos(sc.settle), until: sc.until === undefined ? undefined : toNanos(sc.until) });
    const files = new Map([...world.hosts].map(([n, h]) => [n, h.files as ReadonlyMap<string, Uint8Array>]));
    const written = new Map([...world.hosts].map(([n, h]) => [n, [...h.files].filter(([p, b]) => before.get(n)!.get(p) !== b).map(([p]) => p)]));
    const captures = writers.map(({ host, iface, path, w }) => {
      w.close();
      return { host, iface, path, packets: w.packets, bytes: w.bytes ? w.bytes() : null };
    });
    const tcpRows = [...world.hosts].map(([host, h]) => ({ host, rows: h.kernel.tcp.rows() }));
    return { scenario: sc, seed, result, captures, files, written, tcpRows };
  } catch (e) {
    for (const { w } of writers) w.abort();
    throw e;
  }
}
