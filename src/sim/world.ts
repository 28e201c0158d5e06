/**
 * The World: hosts, segments, taps and programs, and the only loop. It pops events in
 * (time, insertion) order, sets the clock, hands the event to the right kernel, carries out
 * the kernel's effects in order (frames onto links through the taps, timers into the queue)
 * and resumes the threads whose waits are satisfied, one at a time, in creation order.
 * An interface may have a netem qdisc on its egress (`netem`): frames go through it and leave
 * when it hands them out; timed calls (`at`) carry its watchdog and link events (carrier).
 *
 * It can be driven a step at a time (`step`, `runUntil`, `runUntilIdle`) or run to the end
 * of a scenario (`run`). Programs reach their host only through system calls
 * (src/stack/syscall); the world implements what those need of it (parking, threads,
 * futexes) in threads.ts.
 */
import { EventQueue } from './queue.ts';
import { EV_CALL, EV_FRAME, EV_LOOP, EV_THREAD, EV_TIMER, EventRecords, type Ev } from './events.ts';
import { Segment, type LinkParams, type Port } from './link.ts';
import { NetemQdisc } from './netem/qdisc.ts';
import type { NetemSpec } from './netem/spec.ts';
import { SimHost, type HostConfig, type MakeTcp, type TranscriptLine } from './host.ts';
import type { SimProcess, SimThread, TurnOutcome } from './process.ts';
import { writeTaps, type AnyLink, type FrameSink, type Tap } from '../capture/tap.ts';
import { streamFor } from './rng.ts';
import type { Nanos } from './time.ts';
import { SoftirqChains } from './softirq-chain.ts';
import type { Syscalls } from '../stack/syscall/api.ts';
import { buildStallReport, type StallReport } from './stall.ts';
import { Scheduler } from './threads.ts';
import { SyscallTable } from '../stack/syscall/table.ts';
import { frameTouch, type Touch } from './waiters.ts';
import { NULL_TIMELINE, type Timeline } from './timeline.ts';
import { frameCause, inputContext, type CauseContext } from './causes.ts';
import { recordSockets } from './timeline-sockets.ts';
import type { CpuProfile } from '../stack/syscall/cpu-profile.ts';
import type { Background } from './serving.ts';

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

/** A program's main thread (and any thread it starts): runs on a host through its system calls. */
export type ProgramBody = (sys: Syscalls) => Promise<void>;

/**
 * A program written as non-blocking steps (labwire/testing's writer and reader): called after
 * every event with the time; does what it can through its table and returns.
 */
export interface Actor {
  pump(now: Nanos): void;
}

export interface RunOptions {
  /** how long to keep going after the last non-daemon program ends (to let closes finish) */
  readonly settle?: Nanos;
  /** no program made progress for this long while some still wait: a stall */
  readonly stallAfter?: Nanos;
  /** the run's end even while programs still run (they are stopped, as Ctrl-C would stop them); default 1 h */
  readonly until?: Nanos;
}

/** a run's end time when neither the scenario nor --until names one: an hour of simulated time */
export const DEFAULT_RUN_LIMIT: Nanos = 3600e9;

export interface RunResult {
  readonly endedAt: Nanos;
  readonly events: number;
  readonly transcript: readonly TranscriptLine[];
  readonly processes: readonly SimProcess[];
  readonly stall: StallReport | null;
  /** the run reached its end time (RunOptions.until) while programs it waits for still ran; null otherwise */
  readonly limit: Nanos | null;
}

const NO_MARKS: readonly { index: number; ctx: CauseContext }[] = [];

/** where an event is while a thread has its turn: a thread event's own turn, or waking the ready */
const OWN_TURN = 0;
const WAKING = 1;

/**
 * Sees every frame a host puts on a segment, after the sender's captures saw it leave, and
 * decides whether the segment carries it: false drops it on the wire (a fault).
 */
export type WireHook = (from: SimHost, frame: Uint8Array, at: Nanos) => boolean;

export class World {
  now: Nanos = 0;
  readonly hosts = new Map<string, SimHost>();
  readonly segments = new Map<string, Segment>();
  readonly transcript: TranscriptLine[] = [];
  readonly scheduler: Scheduler;
  private readonly queue = new EventQueue<Ev>();
  private readonly records = new EventRecords();
  private readonly taps = new Map<SimHost, Tap[]>();
  private readonly actors: Actor[] = [];
  private wireHook: WireHook | null = null;
  /** the event in progress across thread turns (advance → afterTurn) */
  private turnHost: SimHost | null = null;
  private turnStage = WAKING;
  private turnRecording = false;
  /** netem qdiscs on interfaces' egress, and when each one's watchdog is armed */
  private readonly qdiscs = new Map<Port, NetemQdisc>();
  private readonly qdiscWake = new Map<NetemQdisc, Nanos>();
  /**
   * For a watchdog in another thread (the CLI's): [0] moves with every event and thread turn,
   * [1] is the pid of the thread running now (0 between turns). A program that spins without
   * a system call leaves [0] still and names itself in [1].
   */
  heartbeat: Int32Array | null = null;
  /**
   * The teaching timeline (off: the null object). When it records, every frame a host sends
   * is noted with why (the call, timer or arrival that made the kernel send it), and every
   * TCP socket's queues and windows after each event; the simulation itself is unchanged.
   */
  timeline: Timeline = NULL_TIMELINE;
  /** per host: which context produced the kernel effects from each index on (timeline only) */
  private readonly causeMarks = new Map<SimHost, { index: number; ctx: CauseContext }[]>();
  private events = 0;
  /** the calls' softirq chains (softirq-chain.ts): drain tags what it sends */
  readonly chains = new SoftirqChains<SimHost>();

  constructor(readonly config: WorldConfig) {
    for (const s of config.segments) {
      this.segments.set(s.name, new Segment(s.name, s.params, streamFor(config.seed, `segment:${s.name}`, 'loss')));
    }
    for (const hc of config.hosts) {
      const host = new SimHost(hc, config.seed, config.makeTcp, config.epochSeconds);
      this.hosts.set(hc.name, host);
      host.ports[0] = undefined;
      hc.interfaces.forEach((ic, i) => {
        const seg = this.segments.get(ic.segment);
        if (!seg) throw new Error(`host ${hc.name}: interface ${ic.name} names unknown segment ${ic.segment}`);
        host.ports[i + 1] = seg.attach(hc.name, i + 1, ic.mac);
      });
    }
    // methods, not arrow properties: under tsx each of those costs a __name call per world
    const world = this;
    this.scheduler = new Scheduler(this, {
      at(t, thread, run) {
        world.schedule(Math.max(t, world.now), EV_THREAD, world.host(thread.proc.host), 0, null, 0, thread, run, 'all');
      },
      drain(host, armedBy) {
        world.drain(host, armedBy);
      },
    });
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

  /** Start a program on a host at time `at`, with a CPU cost model (null: its calls take no time). */
  spawn(hostName: string, name: string, body: ProgramBody, at: Nanos = 0, daemon: boolean | Background = false, cpu: CpuProfile | null = null): SimProcess {
    return this.scheduler.spawnProcess(this.host(hostName), name, body, at, daemon, cpu);
  }

  /**
   * A process-less fd table on a host, for an actor (a program written as non-blocking
   * steps): the same system calls a thread has, without the blocking ones.
   */
  openTable(hostName: string): SyscallTable {
    const host = this.host(hostName);
    return new SyscallTable({ kernel: host.kernel, now: () => this.now, randomU32: () => host.kernel.config.random('getrandom').nextU32() });
  }

  /** Watch (and drop, by returning false) every frame put on a segment. */
  onWire(hook: WireHook | null): void {
    this.wireHook = hook;
  }

  /**
   * `tc qdisc add dev IFACE root netem …` on a host: every frame the interface sends goes
   * through it (captures on the interface see what leaves it). Returns it, for its counters.
   */
  netem(hostName: string, iface: string, spec: NetemSpec): NetemQdisc {
    const port = this.port(hostName, iface);
    const q = new NetemQdisc(spec, streamFor(this.config.seed, hostName, `netem:${iface}`), this.now);
    this.qdiscs.set(port, q);
    return q;
  }

  /** Carrier on or off on a host's interface (a cable pulled, a machine disconnected). */
  setCarrier(hostName: string, iface: string, on: boolean): void {
    this.port(hostName, iface).carrier = on;
  }

  /** Run `fn` at time `at` (a timed event), then carry out `hostName`'s effects. */
  at(at: Nanos, fn: () => void, hostName?: string): void {
    const host = hostName ? this.host(hostName) : this.hosts.values().next().value!;
    this.schedule(Math.max(at, this.now), EV_CALL, host, 0, null, 0, null, fn, 'all');
  }

  private port(hostName: string, iface: string): Port {
    const host = this.host(hostName);
    const idx = host.ifIndex(iface);
    const port = idx === undefined ? undefined : host.ports[idx];
    if (!port) throw new Error(`host ${hostName} has no interface ${iface} on a network`);
    return port;
  }

  /** Add a non-blocking program, pumped after every event. */
  addActor(actor: Actor): void {
    this.actors.push(actor);
  }

  /**
   * Deliver `frame` to a host's interface now, as if it had come off the wire (the packetdrill
   * runner, which is the other end of the host's link); the interface's taps see it arrive.
   */
  inject(hostName: string, iface: string, frame: Uint8Array): void {
    const host = this.host(hostName);
    const idx = host.ifIndex(iface);
    if (idx === undefined) throw new Error(`host ${hostName} has no interface ${iface}`);
    this.pushFrame(EV_FRAME, this.now, host, idx, frame);
  }

  /** Make sure something happens at `at` (actors are pumped then). */
  wakeAt(at: Nanos): void {
    const host = this.hosts.values().next().value!;
    this.schedule(Math.max(at, this.now), EV_THREAD, host, 0, null, 0, null, null, 'all');
  }

  /** Time of the next event, Infinity when none is left. */
  nextTime(): Nanos {
    return this.queue.peekTime();
  }

  get eventCount(): number {
    return this.events;
  }

  // ---- frames and taps -------------------------------------------------------------------

  private tap(host: SimHost, ifIndex: number, frame: Uint8Array, at: Nanos, outgoing: boolean): void {
    const taps = this.taps.get(host);
    if (taps) writeTaps(taps, ifIndex, host.kernel.interfaces[ifIndex]!, frame, at, outgoing);
  }

  private pushFrame(kind: number, at: Nanos, host: SimHost, ifIndex: number, frame: Uint8Array): void {
    this.schedule(at, kind, host, ifIndex, frame, 0, null, null, 'all');
  }

  /** Queue an event (in a spare record: events.ts). */
  private schedule(at: Nanos, kind: number, host: SimHost, ifIndex: number, frame: Uint8Array | null, token: number, thread: SimThread | null, run: (() => void) | null, touch: Touch): void {
    this.queue.push(at, this.records.take(kind, host, ifIndex, frame, token, thread, run, touch));
  }

  /** Note that the host's kernel effects from now on come from `ctx` (the timeline's causes). */
  markCause(host: SimHost, ctx: CauseContext): void {
    if (!this.timeline.enabled) return;
    const marks = this.causeMarks.get(host) ?? [];
    marks.push({ index: host.kernel.effects.length, ctx });
    this.causeMarks.set(host, marks);
  }

  /** The context of the i-th pending effect of a host. */
  private causeOf(marks: readonly { index: number; ctx: CauseContext }[], i: number): CauseContext {
    let ctx: CauseContext = { kind: 'other' };
    for (const m of marks) if (m.index <= i) ctx = m.ctx;
    return ctx;
  }

  private noteFrame(host: SimHost, ifIndex: number, at: Nanos, frame: Uint8Array, ctx: CauseContext): void {
    const isIpv4 = frame[12] === 0x08 && frame[13] === 0x00;
    const src = isIpv4 ? ((frame[26]! << 24) | (frame[27]! << 16) | (frame[28]! << 8) | frame[29]!) >>> 0 : 0;
    const forwarded = isIpv4 && !host.kernel.isLocalAddress(src);
    this.timeline.frame(host.name, ifIndex, at, frame, frameCause(frame, ctx, forwarded));
  }

  /**
   * Carry out a host's pending kernel effects, in order. `armedBy`: what the event that
   * produced them touched, handed to the timers among them (unknown: everything).
   */
  drain(host: SimHost, armedBy: Touch = 'all'): void {
    const effects = host.kernel.effects;
    const tag = this.chains.takeTag(host);
    if (effects.length === 0) return;
    const list = host.kernel.takeEffects();
    const recording = this.timeline.enabled;
    const marks = recording ? (this.causeMarks.get(host) ?? NO_MARKS) : NO_MARKS;
    let i = -1;
    for (const e of list) {
      i++;
      if (e.kind === 'timer') {
        this.schedule(e.at, EV_TIMER, host, 0, null, e.token, null, null, armedBy);
        continue;
      }
      if (e.kind === 'loop') {
        this.pushFrame(EV_LOOP, this.now, host, e.ifIndex, e.frame);
        continue;
      }
      const port = host.ports[e.ifIndex];
      if (!port) {
        // loopback: libpcap drops the outgoing copy on lo (pcap-linux.c skips PACKET_OUTGOING
        // on the loopback ifindex), so captures see each packet once, arriving (PACKET_HOST);
        // test/fixtures/real/loopback shows it
        if (recording) this.noteFrame(host, e.ifIndex, this.now, e.frame, this.causeOf(marks, i));
        this.pushFrame(EV_FRAME, this.now, host, e.ifIndex, e.frame);
        continue;
      }
      const q = this.qdiscs.size ? this.qdiscs.get(port) : undefined;
      if (q) {
        if (recording && port.carrier) this.noteFrame(host, e.ifIndex, this.now, e.frame, this.causeOf(marks, i));
        if (port.carrier) q.enqueue(e.frame, this.now);
        this.runQdisc(host, e.ifIndex, port, q);
      } else this.transmit(host, e.ifIndex, port, e.frame, recording ? this.causeOf(marks, i) : undefined, tag);
    }
    if (recording && marks.length) this.causeMarks.set(host, [{ index: 0, ctx: marks[marks.length - 1]!.ctx }]);
  }

  /** Put a frame on the interface's segment now: the sender's taps see it start. */
  private transmit(host: SimHost, ifIndex: number, port: Port, frame: Uint8Array, cause?: CauseContext, chainTag = 0): void {
    const seg = this.segments.get(host.config.interfaces[ifIndex - 1]!.segment)!;
    // only a link with a chainLatency carries a chain
    const tag = seg.params.chainLatency === undefined ? 0 : chainTag;
    const sent = seg.transmit(port, frame, this.now, tag !== 0);
    if (!sent) return;
    if (cause) this.noteFrame(host, ifIndex, sent.start, frame, cause);
    this.tap(host, ifIndex, frame, sent.start, true);
    if (this.wireHook && !this.wireHook(host, frame, sent.start)) return;
    for (const d of sent.deliveries) {
      if (tag !== 0) this.chains.sent(tag, d.at);
      this.schedule(d.at, EV_FRAME, this.hosts.get(d.port.host)!, d.port.ifIndex, frame, tag, null, null, 'all');
    }
  }

  /** Send what a netem qdisc has due, and arm its watchdog for the next (qdisc_watchdog_schedule_ns). */
  private runQdisc(host: SimHost, ifIndex: number, port: Port, q: NetemQdisc): void {
    for (let f = q.dequeue(this.now); f; f = q.dequeue(this.now)) this.transmit(host, ifIndex, port, f);
    const next = q.nextTime(this.now);
    const armed = this.qdiscWake.get(q);
    if (next === Infinity || (armed !== undefined && armed <= next)) return;
    this.qdiscWake.set(q, next);
    this.at(next, () => {
      if (this.qdiscWake.get(q) === next) this.qdiscWake.delete(q);
      this.runQdisc(host, ifIndex, port, q);
    }, host.config.name);
  }

  /** Pump the actors and carry out every host's effects now (after actors made their first calls). */
  pumpActors(): void {
    if (this.actors.length === 0) return;
    for (const a of this.actors) a.pump(this.now);
    this.flush();
  }

  /** Carry out every host's pending effects now (after calls made on a table outside any event). */
  flush(): void {
    for (const h of this.hosts.values()) this.drain(h);
  }

  // ---- stepping ---------------------------------------------------------------------------

  /** Process the next event (and the threads it wakes). False when no event is left. */
  async step(): Promise<boolean> {
    if (this.queue.peekTime() === Infinity) return false;
    for (let p = this.advance(); p !== true; ) p = this.afterTurn(await p);
    return true;
  }

  /**
   * Process the next event (there is one): synchronously, returning true, unless a thread
   * gets a turn; then that turn's promise, and the loop hands its outcome to afterTurn, which
   * goes on the same way. Most events of a transfer wake no thread, and an `await` per event
   * cost more than the event: the loop awaits only a turn, and nothing else is awaited.
   */
  private advance(): true | Promise<TurnOutcome> {
    const next = this.queue.peekTime();
    const ev = this.queue.pop()!;
    this.now = next;
    this.events++;
    if (this.heartbeat) Atomics.add(this.heartbeat, 0, 1);
    const recording = this.timeline.enabled;
    if (recording) {
      this.markCause(ev.host, ev.kind === EV_TIMER ? { kind: 'timer', layer: 'tcp' } : ev.kind === EV_THREAD ? { kind: 'other' } : inputContext(ev.frame));
    }
    const host = ev.host;
    this.turnHost = host;
    this.turnRecording = recording;
    if (ev.kind === EV_THREAD) {
      const thread = ev.thread;
      const run = ev.run;
      this.records.release(ev);
      const turn = run ? this.scheduler.startTurn(thread!, run) : null;
      if (turn === null) return this.afterOwnTurn();
      this.turnStage = OWN_TURN;
      return turn;
    }
    this.runEvent(ev);
    this.records.release(ev);
    this.pumpActors();
    // sockets as the event left them (a segment queued), before woken programs read it
    if (recording) recordSockets(this.timeline, host, this.now);
    const turn = this.scheduler.startReady(host);
    if (turn === null) return true;
    this.turnStage = WAKING;
    return turn;
  }

  /**
   * A turn ended (its promise settled with `outcome`): after a thread event's own turn, its
   * host's effects; then the next thread the event made ready, in creation order, or the end
   * of the event (with the timeline, the sockets as the woken programs left them).
   */
  private afterTurn(outcome: TurnOutcome): true | Promise<TurnOutcome> {
    this.scheduler.endTurn(outcome);
    if (this.turnStage === OWN_TURN) return this.afterOwnTurn();
    return this.wakeNext();
  }

  /** after a thread event's turn (or a wake-up for the actors): its host's effects, then the threads it made ready */
  private afterOwnTurn(): true | Promise<TurnOutcome> {
    const host = this.turnHost!;
    this.drain(host);
    this.pumpActors();
    // sockets as the event left them (a segment queued), then as the woken programs left them
    if (this.turnRecording) recordSockets(this.timeline, host, this.now);
    this.turnStage = WAKING;
    return this.wakeNext();
  }

  private wakeNext(): true | Promise<TurnOutcome> {
    const host = this.turnHost!;
    const turn = this.scheduler.startReady(host);
    if (turn !== null) return turn;
    if (this.turnRecording) recordSockets(this.timeline, host, this.now);
    return true;
  }

  /**
   * The same, for worlds without async programs (only actors): never awaits. A thread's turn
   * coming up here is a misuse and throws.
   */
  stepSync(): boolean {
    const next = this.queue.peekTime();
    if (next === Infinity) return false;
    const ev = this.queue.pop()!;
    this.now = next;
    this.events++;
    if (ev.kind === EV_THREAD && ev.thread) throw new Error('World.stepSync: a program thread is due; use step()');
    this.runEvent(ev);
    this.records.release(ev);
    this.pumpActors();
    return true;
  }

  /** Process every event up to and including time `t`; the clock ends at `t`. */
  async runUntil(t: Nanos): Promise<void> {
    while (this.queue.peekTime() <= t) {
      for (let p = this.advance(); p !== true; ) p = this.afterTurn(await p);
    }
    if (this.now < t) this.now = t;
  }

  /** Process events until none is left (a world with daemons may never get there: bound it with runUntil). */
  async runUntilIdle(): Promise<void> {
    while (await this.step());
  }

  /**
   * Run a scenario: until the programs it waits for have ended (background ones: until they only
   * wait for clients, serving.ts) and `settle` passes, a stall, or `until`.
   */
  async run(opts: RunOptions = {}): Promise<RunResult> {
    const settle = opts.settle ?? 1e9;
    const stallAfter = opts.stallAfter ?? 300e9;
    const until = opts.until ?? DEFAULT_RUN_LIMIT;
    const sched = this.scheduler;
    let endAt = Infinity;
    let stall: StallReport | null = null;
    let limit: Nanos | null = null;
    const live = () => sched.liveForeground() || sched.liveBackground();
    for (;;) {
      if (endAt === Infinity && !live()) endAt = this.now + settle;
      const next = this.queue.peekTime();
      if (next === Infinity) {
        // checked first: nothing left to happen while a foreground program waits is a stall, not an end
        if (live()) stall = buildStallReport(this, 'no event can ever wake the waiting programs');
        break;
      }
      if (next > endAt) break;
      if (next > until) {
        if (endAt === Infinity) limit = until;
        break;
      }
      if (endAt === Infinity && next - sched.lastProgress > stallAfter) {
        this.now = sched.lastProgress + stallAfter;
        stall = buildStallReport(this, `no program made progress for ${stallAfter / 1e9} s of simulated time`);
        break;
      }
      for (let p = this.advance(); p !== true; ) p = this.afterTurn(await p);
    }
    return { endedAt: this.now, events: this.events, transcript: this.transcript, processes: this.processes(), stall, limit };
  }

  /** every process of every host, in host then start order */
  processes(): SimProcess[] {
    return [...this.hosts.values()].flatMap((h) => h.processes);
  }

  /** Hand a frame or timer to its host's kernel; returns what it touched (for the waiters and the timers it arms). */
  /** a frame, timer or call event and the effects it leaves; what a chain frame draws joins its chain (softirq-chain.ts) */
  private runEvent(ev: Ev): void {
    const chain = ev.kind === EV_FRAME ? ev.token : 0;
    if (chain !== 0) this.chains.answering(ev.host, chain);
    this.drain(ev.host, this.dispatchFrameOrTimer(ev));
    if (chain !== 0) this.chains.arrived(chain, this.now);
  }

  private dispatchFrameOrTimer(ev: Ev): Touch {
    const host = ev.host;
    let touch: Touch;
    if (ev.kind === EV_THREAD) return 'all'; // stepSync's wake-up for the actors: nothing to hand over
    if (ev.kind === EV_CALL) {
      ev.run!(); // a timed call (a link event, a netem qdisc's watchdog)
      touch = 'all';
      this.scheduler.touched(host, touch);
      return touch;
    }
    if (ev.kind === EV_TIMER) {
      // a TCP timer touches the socket that armed it; the neighbour table's (ARP) any
      touch = host.kernel.timerLayer(ev.token) === 'tcp' ? ev.touch : 'all';
      host.kernel.onTimer(ev.token, this.now);
    } else {
      // EV_LOOP: a host's broadcast looped back to it, which no tap sees
      if (ev.kind === EV_FRAME) this.tap(host, ev.ifIndex, ev.frame!, this.now, false);
      host.kernel.onFrame(ev.ifIndex, ev.frame!, this.now);
      // (the kernel's NAT rewrites UDP only, which touches all anyway)
      touch = frameTouch(ev.frame!);
    }
    this.scheduler.touched(host, touch);
    return touch;
  }
}
