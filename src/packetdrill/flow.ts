/**
 * The connection under test and how script numbers map to live ones, as packetdrill maps
 * them (run_packet.c): the remote side's sequence numbers are the script's own (the runner
 * is the remote and uses them as written); the local side's differ by the host's ISN, learnt
 * from the first SYN or SYN-ACK the host sends; an injected TS ecr is the live TS val the
 * script called by that number (or, failing that, offset from the first one seen).
 */
import type { TcpOption } from '../stack/wire/tcp-options.ts';

/** packetdrill's live addresses: the host under test and the remote peer (the runner). */
export const LOCAL_IP = '192.168.0.1';
export const REMOTE_IP = '192.0.2.1';
/** the gateway the host routes the remote through (packetdrill's tun peer) */
export const GATEWAY_IP = '192.168.0.2';
/** bind(…, ...) binds here; connect(…, ...) connects to the remote on this port (--bind_port, --connect_port) */
export const SCRIPT_PORT = 8080;
/** the first remote port a passive connection comes from; each new one takes the next */
export const FIRST_REMOTE_PORT = 40_000;

export class Flow {
  /** the host's port: the bound port (passive) or the one its SYN came from (active) */
  localPort: number;
  remotePort: number;
  /** live local sequence minus script local sequence, once the host's SYN (-ACK) was seen */
  private localOffset: number | null = null;
  private readonly tsVals = new Map<number, number>();
  private firstTs: { readonly script: number; readonly live: number } | null = null;

  constructor(localPort: number, remotePort: number) {
    this.localPort = localPort;
    this.remotePort = remotePort;
  }

  /** The host sent its SYN or SYN-ACK with live seq `live`; the script wrote `script`. */
  learnLocalIsn(script: number, live: number): void {
    this.localOffset = (live - script) >>> 0;
  }

  /** A local-side sequence number (an ACK or SACK edge the runner sends) in live space. */
  localToLive(script: number): number {
    return (script + (this.localOffset ?? 0)) >>> 0;
  }

  /** A local-side sequence number the host sent, in script space. */
  localToScript(live: number): number {
    return (live - (this.localOffset ?? 0)) >>> 0;
  }

  /** The host sent TS val `live` where the script wrote `script`: remember both. */
  noteTsVal(script: number, live: number): void {
    this.tsVals.set(script, live);
    this.firstTs ??= { script, live };
  }

  /** A host TS val in script space (relative to the first one matched). */
  tsValToScript(live: number): number {
    return this.firstTs ? (this.firstTs.script + (live - this.firstTs.live)) >>> 0 : live;
  }

  /** The live value for a TS ecr the script writes. */
  tsEcrToLive(script: number): number {
    const exact = this.tsVals.get(script);
    if (exact !== undefined) return exact;
    return this.firstTs ? (script - this.firstTs.script + this.firstTs.live) >>> 0 : script;
  }

  /** SACK blocks of a segment the runner sends, shifted into live space. */
  mapInboundOption(o: TcpOption): TcpOption {
    if (o.kind === 'sack') return { kind: 'sack', blocks: o.blocks.map(([l, r]) => [this.localToLive(l), this.localToLive(r)] as const) };
    if (o.kind === 'timestamps') return { kind: 'timestamps', tsval: o.tsval, tsecr: this.tsEcrToLive(o.tsecr) };
    return o;
  }
}
