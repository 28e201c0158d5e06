/**
 * Runs one parsed script against a simulated host, event by event in script time:
 * `<` packets are injected when due; `>` packets are awaited until their time plus the
 * tolerance and matched; system calls run as threads of the script's program (a call the
 * script writes without `...` must return in the same instant, a blocking one is checked
 * against its end time when the next call comes or the script ends); `%{ }%` snippets read
 * TCP_INFO of the socket under test; a shell line mid-script is accepted when it leaves the
 * host's setup as it is or changes only the device's qdisc (`tc qdisc …`, applied to the running
 * host). The first mismatch ends the run (packetdrill stops there).
 */
import { isNstat, runNstat, type Counters } from './nstat.ts';
import { IPPROTO_TCP, SOL_SOCKET, SO_RCVBUF, SO_SNDBUF, TCP_INFO } from '../stack/abi/linux.ts';
import type { TcpInfo } from '../stack/syscall/api.ts';
import { ipv4 } from '../stack/wire/addr.ts';
import { parseIpv4 } from '../stack/wire/ipv4.ts';
import { parseTcp, TCP_SYN } from '../stack/wire/tcp.ts';
import { FdMap, Unsupported } from './args.ts';
import type { HostDriver } from './driver.ts';
import { Flow, FIRST_REMOTE_PORT, LOCAL_IP, REMOTE_IP, SCRIPT_PORT } from './flow.ts';
import { buildInbound, unsupportedPacket } from './inbound.ts';
import { badChecksum, matchOutbound, type SentPacket } from './outbound.ts';
import { AssertionFailed, PythonEnv, UnknownName } from './python.ts';
import type { ScriptOutcome } from './result.ts';
import type { PacketSpec, ScriptEvent, SyscallSpec } from './script.ts';
import type { RunSettings } from './settings.ts';
import type { HostSetup, ShellResult } from './shell.ts';
import { checkReturn, runCall, type CallEnv, type CallResult } from './syscalls.ts';
import { snippetLocals, type MemInfo } from './tcp-info.ts';
import { dueTime, onTime, type Due } from './times.ts';

/** A check failed: the run ends with this. */
export class Mismatch extends Error {
  override name = 'Mismatch';
  constructor(readonly line: number, readonly what: string, readonly expected: string, readonly got: string) {
    super(`${what}: expected ${expected}, got ${got}`);
  }
}

/** How long `*` waits for a packet, µs: packetdrill waits without bound; a simulation must stop. */
const ANY_TIME_WAIT_USECS = 120_000_000;

const ns = (usecs: number): number => usecs * 1000;
const usecsOf = (nanos: number): number => Math.round(nanos / 1000);
const secs = (usecs: number): string => `${(usecs / 1e6).toFixed(6)} s`;
/** What a snippet asked for that the runner lacks, named for the report. */
function unknownNameFeature(name: string): string {
  if (name.startsWith('tcpi_')) return `tcp_info field ${name}`;
  if (name.startsWith('SK_MEMINFO_')) return `SO_MEMINFO field ${name}`;
  return `Python name ${name}`;
}

const isInbound = (e: ScriptEvent): boolean => e.kind === 'packet' && e.packet.direction === 'in';

interface Call {
  readonly line: number;
  readonly spec: SyscallSpec;
  readonly due: Due;
  done: boolean;
  endNs: number;
  result: CallResult | null;
  error: unknown;
}

export class ScriptRun {
  private flow: Flow | null = null;
  private nextRemotePort = FIRST_REMOTE_PORT;
  private readonly fds = new FdMap();
  private socketUnderTest: number | null = null;
  private blocking: Call | null = null;
  /** what `nstat` remembered last (its history file): every counter 0 when the script starts */
  private nstatHistory: Counters = {};
  private readonly python = new PythonEnv();
  private readonly queue: SentPacket[] = [];
  private ident = 0;

  constructor(
    private readonly host: HostDriver,
    private readonly settings: RunSettings,
    private setup: HostSetup,
    private readonly shell: (setup: HostSetup, command: string) => ShellResult,
  ) {}

  /** Runs the events; Mismatch and Unsupported (with the line) come back as outcomes. */
  async run(events: readonly ScriptEvent[]): Promise<ScriptOutcome> {
    let last: { readonly event: ScriptEvent; readonly start: number } | null = null;
    let line = 0;
    try {
      for (const e of events) {
        line = e.line;
        // packetdrill's adjust_relative_event_times: back-to-back inbound packets count from the
        // previous one's script time; everything else from when the previous event finished
        const anchored = last !== null && isInbound(last.event) && isInbound(e);
        const due = dueTime(e, anchored ? last!.start : usecsOf(this.host.now()));
        await this.event(e, due, last?.start ?? null);
        last = { event: e, start: due.start };
      }
      await this.finishBlocking();
      return { status: 'pass' };
    } catch (x) {
      if (x instanceof Mismatch) return { status: 'fail', line: x.line, what: x.what, expected: x.expected, got: x.got };
      if (x instanceof Unsupported) return { status: 'unsupported', feature: x.message, line };
      throw x;
    }
  }

  /**
   * packetdrill's tolerance for something due `span` µs after its reference (the previous
   * event, or a blocking call's start): --tolerance_usecs, or --tolerance_percent of the span
   * when that is more.
   */
  private tolerance(span: number): number {
    return Math.max(this.settings.toleranceUsecs, (this.settings.tolerancePercent / 100) * span);
  }

  /** Carries out one event due at `due`; `lastStart` is the previous event's script time. */
  private async event(e: ScriptEvent, due: Due, lastStart: number | null): Promise<void> {
    switch (e.kind) {
      case 'packet':
        if (e.packet.direction === 'in') await this.inbound(e.packet, due);
        else await this.outbound(e.line, e.packet, due, this.tolerance(lastStart === null ? 0 : due.start - lastStart));
        return;
      case 'syscall':
        await this.finishBlocking();
        await this.host.runUntil(ns(due.start));
        await this.startCall(e.line, e.call, due);
        return;
      case 'code':
        await this.host.runUntil(ns(due.start));
        this.snippet(e.line, e.code);
        return;
      case 'command':
        await this.host.runUntil(ns(due.start));
        if (isNstat(e.command)) this.nstat(e.line, e.command);
        else this.command(e.command);
        return;
    }
  }

  // ---- packets -------------------------------------------------------------------------

  private async inbound(p: PacketSpec, due: Due): Promise<void> {
    const why = unsupportedPacket(p);
    if (why) throw new Unsupported(why);
    await this.host.runUntil(ns(due.start));
    this.drainSent();
    // the first packet after listen() starts the connection under test, from a fresh remote
    // port; later ones (a second SYN too) go to it, as packetdrill has one socket under test
    this.flow ??= new Flow(SCRIPT_PORT, this.nextRemotePort++);
    this.host.inject(buildInbound(p, this.flow, this.ident++ & 0xffff));
  }

  /** Moves what the host sent into the queue: TCP from the host to the remote, of the flow under test. */
  private drainSent(): void {
    const local = ipv4(LOCAL_IP);
    const remote = ipv4(REMOTE_IP);
    for (const f of this.host.takeSent()) {
      const ip = parseIpv4(f.packet);
      if (!ip.ok || ip.value.protocol !== IPPROTO_TCP || ip.value.src !== local || ip.value.dst !== remote) continue;
      const seg = parseTcp(f.packet, ip.end, ip.value.totalLength);
      if (!seg.ok) continue;
      const flow = this.flow;
      if (!flow) continue;
      if (flow.localPort === 0 && seg.value.flags & TCP_SYN && seg.value.dstPort === flow.remotePort) flow.localPort = seg.value.srcPort;
      if (seg.value.srcPort !== flow.localPort || seg.value.dstPort !== flow.remotePort) continue;
      this.queue.push({ at: f.at, ip: ip.value, seg: seg.value, badChecksum: badChecksum(f.packet, ip.value, ip.end) });
    }
  }

  /** Waits for the host's packet(s) standing for one script packet, until the deadline. */
  private async collect(want: number, deadlineNs: number): Promise<SentPacket[]> {
    const got: SentPacket[] = [];
    let bytes = 0;
    for (;;) {
      this.drainSent();
      while (this.queue.length && (got.length === 0 || (bytes < want && !this.settings.strictSegments))) {
        const p = this.queue.shift()!;
        got.push(p);
        bytes += p.seg.payload.length;
      }
      if (got.length && (bytes >= want || this.settings.strictSegments)) return got;
      const next = this.host.nextEventAt();
      if (next > deadlineNs) return got;
      await this.host.runUntil(next);
    }
  }

  private async outbound(line: number, p: PacketSpec, due: Due, tol: number): Promise<void> {
    const why = unsupportedPacket(p);
    if (why) throw new Unsupported(why);
    if (!this.flow) throw new Mismatch(line, 'outbound packet', 'a connection under test', 'no socket has connected or listened');
    const deadline = due.any ? due.start + ANY_TIME_WAIT_USECS : due.end + tol;
    const sent = await this.collect(p.len, ns(deadline));
    if (sent.length === 0) throw new Mismatch(line, 'outbound packet', `a packet by ${secs(deadline)}`, 'none');
    // a TS val may drift by the tolerance over the whole script so far (verify_outbound_tcp_option)
    const bad = matchOutbound(p, sent, this.flow, this.settings, this.tolerance(due.start));
    if (bad) throw new Mismatch(line, bad.field, bad.expected, bad.got);
    // an aggregate of pieces is as late as its last piece (packetdrill copies the last one's headers and time)
    const at = usecsOf(sent[sent.length - 1]!.at);
    if (!onTime(due, at, tol)) {
      const when = due.start === due.end ? secs(due.start) : `${secs(due.start)}~${secs(due.end)}`;
      throw new Mismatch(line, 'outbound packet time', `${when} ± ${Math.round(tol)} µs`, secs(at));
    }
  }

  // ---- system calls ----------------------------------------------------------------------

  private callEnv(sys: Parameters<Parameters<HostDriver['spawn']>[1]>[0]): CallEnv {
    return {
      sys,
      fds: this.fds,
      socketUnderTest: (fd) => { this.socketUnderTest = fd; },
      connecting: () => { this.flow = new Flow(0, SCRIPT_PORT); },
      listening: () => { this.flow = null; },
    };
  }

  private async startCall(line: number, spec: SyscallSpec, due: Due): Promise<void> {
    const call: Call = { line, spec, due, done: false, endNs: 0, result: null, error: null };
    this.host.spawn(`line ${line}`, async (sys) => {
      try {
        call.result = await runCall(spec, this.callEnv(sys));
      } catch (x) {
        call.error = x;
      }
      call.endNs = sys.now();
      call.done = true;
    });
    // the clock may be past the script time (a packet matched late within tolerance): the thread starts now
    await this.host.runUntil(Math.max(ns(due.start), this.host.now()));
    if (due.callEnd !== null) {
      this.blocking = call;
      return;
    }
    if (!call.done) throw new Mismatch(line, `${spec.name} blocking`, 'a return at once (no ... in the script)', 'the call blocked');
    this.checkCall(call);
  }

  private checkCall(call: Call): void {
    if (call.error) throw call.error;
    const r = call.result!;
    const bad = checkReturn(call.spec, r, this.fds);
    if (bad) throw new Mismatch(call.line, `${call.spec.name} return value`, bad.expected, bad.got);
    if (r.outMismatch) throw new Mismatch(call.line, `${call.spec.name} value`, r.outMismatch.expected, r.outMismatch.got);
  }

  /** A blocking call in flight: wait for it (to its end time plus tolerance) and check it. */
  private async finishBlocking(): Promise<void> {
    const call = this.blocking;
    if (!call) return;
    this.blocking = null;
    const end = call.due.callEnd!;
    const tol = this.tolerance(end - call.due.start);
    while (!call.done) {
      const next = this.host.nextEventAt();
      if (next > ns(end + tol)) throw new Mismatch(call.line, `${call.spec.name} end time`, `a return at ${secs(end)} ± ${Math.round(tol)} µs`, 'still blocked');
      await this.host.runUntil(next);
    }
    const at = usecsOf(call.endNs);
    if (Math.abs(at - end) > tol) throw new Mismatch(call.line, `${call.spec.name} end time`, `${secs(end)} ± ${Math.round(tol)} µs`, secs(at));
    this.checkCall(call);
  }

  /**
   * A shell line mid-script: fine when it leaves the host as it is (the profile is fixed at
   * boot) or changes the device's qdisc or GSO, which the running host takes at once.
   */
  /** `nstat …` mid-script over the host's TCP counters; a failing pipeline fails the script there, as packetdrill does */
  private nstat(line: number, text: string): void {
    const r = runNstat(text, this.host.mib(), this.nstatHistory);
    if ('unsupported' in r) throw new Unsupported(r.unsupported);
    this.nstatHistory = r.history;
    if (!r.ok) throw new Mismatch(line, 'shell command', `${text.trim()} to succeed`, `non-zero status (nstat printed: ${r.output || 'nothing'})`);
  }

  private command(text: string): void {
    const r = this.shell(this.setup, text);
    if (!r.ok) throw new Unsupported(r.unsupported);
    const { qdisc: before = null, gso: gsoBefore, ...kept } = this.setup;
    const { qdisc: after = null, gso: gsoAfter, ...changed } = r.setup;
    if (JSON.stringify(changed) !== JSON.stringify(kept)) throw new Unsupported(`a setting changed mid-script: ${text.trim().split('\n')[0]}`);
    if (JSON.stringify(after) !== JSON.stringify(before)) this.host.setQdisc(after);
    if (gsoAfter !== gsoBefore) this.host.setGso(gsoAfter);
    this.setup = r.setup;
  }

  // ---- snippets --------------------------------------------------------------------------

  private snippet(line: number, code: string): void {
    let info: TcpInfo | null = null;
    let mem: MemInfo | null = null;
    const fd = this.socketUnderTest;
    if (fd !== null) {
      const v = this.host.calls.getsockopt(fd, IPPROTO_TCP, TCP_INFO);
      if (typeof v === 'object' && 'tcpi_state' in v) info = v;
      const rcvbuf = this.host.calls.getsockopt(fd, SOL_SOCKET, SO_RCVBUF);
      const sndbuf = this.host.calls.getsockopt(fd, SOL_SOCKET, SO_SNDBUF);
      if (typeof rcvbuf === 'number' && typeof sndbuf === 'number') mem = { SK_MEMINFO_RCVBUF: rcvbuf, SK_MEMINFO_SNDBUF: sndbuf };
    }
    try {
      this.python.run(code, snippetLocals(info, mem));
    } catch (x) {
      if (x instanceof UnknownName) throw new Unsupported(unknownNameFeature(x.identifier));
      if (x instanceof AssertionFailed) throw new Mismatch(line, 'assertion', x.statement, x.message);
      throw new Unsupported(`Python: ${(x as Error).message}`);
    }
  }
}
