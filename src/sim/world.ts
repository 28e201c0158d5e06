/**
 * The World: hosts, segments, taps and programs, and `run()`, the only loop. It pops events
 * in (time, insertion) order, sets the clock, hands the event to the right kernel, carries
 * out the kernel's effects in order (frames onto links through the taps, timers into the
 * queue) and resumes the programs whose waits are satisfied, one at a time.
 */
import { EventQueue } from './queue.ts';
import { Segment, type LinkParams } from './link.ts';
import { SimHost, type HostConfig, type MakeTcp, type TranscriptLine } from './host.ts';
import { ParkSignal, type BlockedCall, type SimProcess } from './process.ts';
import { cook, type AnyLink, type FrameSink, type IfaceInfo } from './capture/tap.ts';
import { streamFor } from './rng.ts';
import type { Nanos } from './time.ts';
import { POLLERR, POLLHUP } from '../stack/kernel/tcp-services.ts';
import type { Syscalls } from '../stack/socket/syscalls.ts';
import { buildStallReport, type StallReport } from './stall.ts';

export interface SegmentConfig {
  readonly name: string;
  readonly params: LinkParams;
}

export interface WorldConfig {
  readonly seed: number;
  /** Unix time of simulated time zero, whole seconds */
  readonly epochSeconds: number;
  readonly segments: readonly SegmentConfig[];
  readonly hosts: readonly HostConfig[];
  readonly makeTcp: MakeTcp;
}

export type ProgramBody = (sys: Syscalls, proc: SimProcess) => Promise<void>;

export interface RunOptions {
  /** how long to keep going after the last non-daemon program ends (to let closes finish) */
  readonly settle?: Nanos;
  /** no program made progress for this long while some still wait: a stall */
  readonly stallAfter?: Nanos;
  /** hard stop */
  readonly until?: Nanos;
}

export interface RunResult {
  readonly endedAt: Nanos;
  readonly events: number;
  readonly transcript: readonly TranscriptLine[];
  readonly processes: readonly SimProcess[];
  readonly stall: StallReport | null;
}

const EV_FRAME = 0;
const EV_TIMER = 1;
const EV_START = 2;
const EV_DEADLINE = 3;

interface Ev {
  readonly kind: number;
  readonly host: SimHost;
  readonly ifIndex: number;
  readonly frame: Uint8Array | null;
  readonly token: number;
  readonly proc: SimProcess | null;
  readonly call: BlockedCall | null;
  readonly body: ProgramBody | null;
}

interface Tap {
  readonly iface: number | 'any';
  readonly link: AnyLink | 'raw';
  readonly sink: FrameSink;
}

export class World {
  now: Nanos = 0;
  readonly hosts = new Map<string, SimHost>();
  readonly segments = new Map<string, Segment>();
  readonly transcript: TranscriptLine[] = [];
  private readonly queue = new EventQueue<Ev>();
  private readonly taps = new Map<SimHost, Tap[]>();
  private readonly signal = new ParkSignal();
  private nextPid = 1;
  private lastProgress: Nanos = 0;
  private events = 0;
  /** non-daemon programs not yet finished (checked every event, so counted, not searched) */
  private foreground = 0;

  constructor(readonly config: WorldConfig) {
    for (const s of config.segments) {
      this.segments.set(s.name, new Segment(s.name, s.params, streamFor(config.seed, `segment:${s.name}`, 'loss')));
    }
    for (const hc of config.hosts) {
      const host = new SimHost(hc, config.seed, config.makeTcp);
      this.hosts.set(hc.name, host);
      host.ports[0] = undefined;
      hc.interfaces.forEach((ic, i) => {
        const seg = this.segments.get(ic.segment);
        if (!seg) throw new Error(`host ${hc.name}: interface ${ic.name} names unknown segment ${ic.segment}`);
        host.ports[i + 1] = seg.attach(hc.name, i + 1, ic.mac);
      });
    }
  }

  host(name: string): SimHost {
    const h = this.hosts.get(name);
    if (!h) throw new Error(`no host named ${name}`);
    return h;
  }

  /** Attach a capture: an interface by name (frames as they are) or 'any' (cooked). */
  capture(hostName: string, iface: string, sink: FrameSink, link: AnyLink = 'sll'): void {
    const host = this.host(hostName);
    const idx = iface === 'any' ? 'any' : host.ifIndex(iface);
    if (idx === undefined) throw new Error(`host ${hostName} has no interface ${iface}`);
    const list = this.taps.get(host) ?? [];
    list.push({ iface: idx, link: idx === 'any' ? link : 'raw', sink });
    this.taps.set(host, list);
  }

  /** Start a program on a host at time `at`. */
  spawn(hostName: string, name: string, body: ProgramBody, at: Nanos = 0, daemon = false): SimProcess {
    const host = this.host(hostName);
    const proc: SimProcess = { pid: this.nextPid++, host: hostName, name, daemon, state: 'pending', blocked: null, exitCode: null, error: null };
    host.processes.push(proc);
    if (!daemon) this.foreground++;
    this.push(at, EV_START, host, 0, null, 0, proc, null, body);
    return proc;
  }

  private push(at: Nanos, kind: number, host: SimHost, ifIndex: number, frame: Uint8Array | null, token: number, proc: SimProcess | null, call: BlockedCall | null, body: ProgramBody | null): void {
    this.queue.push(at, { kind, host, ifIndex, frame, token, proc, call, body });
  }

  // ---- frames and taps -------------------------------------------------------------------

  private tap(host: SimHost, ifIndex: number, frame: Uint8Array, at: Nanos, outgoing: boolean): void {
    const taps = this.taps.get(host);
    if (!taps) return;
    for (const t of taps) {
      if (t.iface === ifIndex) t.sink.write(at, frame);
      else if (t.iface === 'any') {
        const i = host.kernel.interfaces[ifIndex]!;
        const info: IfaceInfo = { index: ifIndex, mac: i.mac, loopback: i.kind === 'loopback' };
        t.sink.write(at, cook(frame, info, outgoing, t.link as AnyLink));
      }
    }
  }

  /** Carry out a host's pending kernel effects, in order. */
  private drain(host: SimHost): void {
    const effects = host.kernel.effects;
    if (effects.length === 0) return;
    const list = host.kernel.takeEffects();
    for (const e of list) {
      if (e.kind === 'timer') {
        this.push(e.at, EV_TIMER, host, 0, null, e.token, null, null, null);
        continue;
      }
      const port = host.ports[e.ifIndex];
      if (!port) {
        // loopback: libpcap drops the outgoing copy on lo (pcap-linux.c skips PACKET_OUTGOING
        // on the loopback ifindex), so captures see each packet once, arriving (PACKET_HOST);
        // test/fixtures/real/loopback shows it
        this.push(this.now, EV_FRAME, host, e.ifIndex, e.frame, 0, null, null, null);
        continue;
      }
      const seg = this.segments.get(host.config.interfaces[e.ifIndex - 1]!.segment)!;
      const sent = seg.transmit(port, e.frame, this.now);
      if (!sent) continue;
      this.tap(host, e.ifIndex, e.frame, sent.start, true);
      for (const d of sent.deliveries) {
        this.push(d.at, EV_FRAME, this.hosts.get(d.port.host)!, d.port.ifIndex, e.frame, 0, null, null, null);
      }
    }
  }

  // ---- programs --------------------------------------------------------------------------

  private syscalls(host: SimHost, proc: SimProcess): Syscalls {
    const world = this;
    return {
      kernel: host.kernel,
      epochSeconds: this.config.epochSeconds,
      files: host.files,
      now: () => world.now,
      wait(fd, mask, deadline, what = 'poll') {
        return new Promise<number>((resolve) => {
          const call: BlockedCall = {
            what, fd, mask, deadline, since: world.now,
            resolve: (v) => {
              proc.blocked = null;
              proc.state = 'running';
              resolve(v);
            },
          };
          proc.blocked = call;
          proc.state = 'blocked';
          if (deadline !== null) world.push(Math.max(deadline, world.now), EV_DEADLINE, host, 0, null, 0, proc, call, null);
          world.signal.park();
        });
      },
      sleep(duration) {
        return this.wait(-1, 0, world.now + Math.max(0, duration), 'sleep').then(() => undefined);
      },
      spawn: (name, body) => {
        world.spawn(host.name, name, (sys) => body(sys), world.now, proc.daemon);
      },
      stdout: (text) => world.transcript.push({ at: world.now, host: host.name, pid: proc.pid, program: proc.name, stream: 'stdout', text }),
      stderr: (text) => world.transcript.push({ at: world.now, host: host.name, pid: proc.pid, program: proc.name, stream: 'stderr', text }),
    };
  }

  private async start(host: SimHost, proc: SimProcess, body: ProgramBody): Promise<void> {
    const sys = this.syscalls(host, proc);
    this.lastProgress = this.now;
    await this.signal.resume(() => {
      proc.state = 'running';
      body(sys, proc).then(
        () => {
          proc.state = 'done';
          proc.exitCode ??= 0;
          if (!proc.daemon) this.foreground--;
          this.signal.park();
        },
        (err: unknown) => {
          if (!proc.daemon) this.foreground--;
          proc.state = 'failed';
          proc.exitCode = 1;
          proc.error = err;
          this.signal.park();
        },
      );
    });
    this.drain(host);
  }

  private ready(host: SimHost): { proc: SimProcess; revents: number } | undefined {
    for (const proc of host.processes) {
      const call = proc.blocked;
      if (!call || call.fd < 0) continue;
      const f = host.kernel.fd(call.fd);
      if (!f) return { proc, revents: POLLERR };
      const k = host.kernel;
      const mask = f.kind === 'tcp' ? k.tcp.poll(f.id) : f.kind === 'udp' ? k.udp.poll(f.id) : k.raw.poll(f.id);
      const revents = mask & (call.mask | POLLERR | POLLHUP);
      if (revents) return { proc, revents };
    }
    return undefined;
  }

  private async wake(host: SimHost): Promise<void> {
    for (let r = this.ready(host); r; r = this.ready(host)) {
      const call = r.proc.blocked!;
      this.lastProgress = this.now;
      await this.signal.resume(() => call.resolve(r!.revents));
      this.drain(host);
    }
  }

  // ---- the loop --------------------------------------------------------------------------

  private liveForeground(): boolean {
    return this.foreground > 0;
  }

  async run(opts: RunOptions = {}): Promise<RunResult> {
    const settle = opts.settle ?? 1e9;
    const stallAfter = opts.stallAfter ?? 300e9;
    const until = opts.until ?? 3600e9;
    let endAt = Infinity;
    let stall: StallReport | null = null;
    for (;;) {
      if (endAt === Infinity && !this.liveForeground()) endAt = this.now + settle;
      const next = this.queue.peekTime();
      if (next > endAt || next > until) break;
      if (next === Infinity) {
        if (this.liveForeground()) stall = buildStallReport(this, 'no event can ever wake the waiting programs');
        break;
      }
      if (endAt === Infinity && next - this.lastProgress > stallAfter) {
        this.now = this.lastProgress + stallAfter;
        stall = buildStallReport(this, `no program made progress for ${stallAfter / 1e9} s of simulated time`);
        break;
      }
      const ev = this.queue.pop()!;
      this.now = next;
      this.events++;
      await this.dispatch(ev);
    }
    return {
      endedAt: this.now,
      events: this.events,
      transcript: this.transcript,
      processes: [...this.hosts.values()].flatMap((h) => h.processes),
      stall,
    };
  }

  private async dispatch(ev: Ev): Promise<void> {
    const host = ev.host;
    switch (ev.kind) {
      case EV_FRAME:
        this.tap(host, ev.ifIndex, ev.frame!, this.now, false);
        host.kernel.onFrame(ev.ifIndex, ev.frame!, this.now);
        break;
      case EV_TIMER:
        host.kernel.onTimer(ev.token, this.now);
        break;
      case EV_START:
        await this.start(host, ev.proc!, ev.body!);
        break;
      case EV_DEADLINE:
        if (ev.proc!.blocked === ev.call) {
          this.lastProgress = this.now;
          await this.signal.resume(() => ev.call!.resolve(0));
        }
        break;
    }
    this.drain(host);
    if (this.ready(host)) await this.wake(host);
  }
}
