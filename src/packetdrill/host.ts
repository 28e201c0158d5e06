/**
 * The HostDriver on a World: one Linux host (192.168.0.1/24, gateway 192.168.0.2, MTU 1500,
 * the script's kernel profile and GSO setting) on a segment of its own, with no latency and
 * no bandwidth limit, like packetdrill's tun device. The runner is the segment's other end:
 * it sees every frame the host sends through a tap on eth0 and injects frames into eth0.
 * The gateway is a permanent neighbour, so no ARP appears (a tun device has none). The
 * script's calls run as threads of one program, `packetdrill`, started at time 0.
 */
import { LINKTYPE_ETHERNET } from '../capture/link-types.ts';
import { captureToBytes, type CapturePacket } from '../capture/writer.ts';
import type { LinkParams } from '../sim/link.ts';
import { GSO_MAX_SIZE } from '../sim/run-scenario.ts';
import { World } from '../sim/world.ts';
import type { RootQdisc } from '../stack/kernel/qdisc.ts';
import type { Syscalls } from '../stack/syscall/api.ts';
import { TcpLayer } from '../stack/tcp/layer.ts';
import { ipv4, readMac } from '../stack/wire/addr.ts';
import { emitEthernet, ETHERNET_HEADER_LENGTH, ETHERTYPE_IPV4 } from '../stack/wire/ethernet.ts';
import type { HostDriver, SentFrame } from './driver.ts';
import { GATEWAY_IP, LOCAL_IP } from './flow.ts';
import type { HostSetup } from './shell.ts';

const HOST = 'local';
const IFACE = 'eth0';
const HOST_MAC = 0x02_00_c0_a8_00_01;
/** the runner's end of the link (packetdrill's tun peer) */
const PEER_MAC = 0x02_00_c0_a8_00_02;

/** A tun device: no delay, no serialization, no queue limit a script could reach. */
const TUN_LINK: LinkParams = { latency: 0, bandwidth: Number.POSITIVE_INFINITY, mtu: 1500, queueFrames: 1 << 20, loss: 0 };

class WorldHost implements HostDriver {
  private readonly world: World;
  /** the host's TCP layer, for its counters */
  private tcp: TcpLayer | null = null;
  private readonly sent: SentFrame[] = [];
  private readonly frames: CapturePacket[] = [];
  private main: Syscalls | null = null;

  constructor(setup: HostSetup) {
    this.world = new World({
      seed: 1,
      epochSeconds: 0,
      segments: [{ name: 'tun', params: { ...TUN_LINK, mtu: setup.mtu ?? TUN_LINK.mtu } }],
      hosts: [{
        name: HOST,
        hostname: 'packetdrill',
        interfaces: [{ name: IFACE, addr: ipv4(LOCAL_IP), prefix: 24, mac: HOST_MAC, segment: 'tun', mtu: setup.mtu ?? TUN_LINK.mtu }],
        gateway: ipv4(GATEWAY_IP),
        neighbours: [{ iface: IFACE, addr: ipv4(GATEWAY_IP), mac: PEER_MAC }],
        profile: setup.profile,
      }],
      makeTcp: (services, profile) => (this.tcp = new TcpLayer(services, profile, { gsoMaxSize: GSO_MAX_SIZE, softwareGso: !setup.gso, rxGsoSize: setup.rxGsoSize ?? 'none' })),
    });
    this.world.capture(HOST, IFACE, { write: (at, frame) => this.onFrame(at, frame) });
    this.setQdisc(setup.qdisc ?? null);
    this.world.spawn(HOST, 'packetdrill', async (sys) => {
      this.main = sys;
      await sys.futexWait(this, null); // the program lives as long as the script: its threads do the calls
    }, 0, true);
  }

  /** Start the program before the first event. */
  async boot(): Promise<this> {
    await this.world.runUntil(0);
    return this;
  }

  private onFrame(at: number, frame: Uint8Array): void {
    this.frames.push({ ifIndex: 0, timeNs: at, frame });
    const type = (frame[12]! << 8) | frame[13]!;
    // frames from the host (not the runner's own injections), IPv4 only
    if (readMac(frame, 6) === HOST_MAC && type === ETHERTYPE_IPV4) this.sent.push({ at, packet: frame.subarray(ETHERNET_HEADER_LENGTH) });
  }

  now(): number {
    return this.world.now;
  }

  runUntil(t: number): Promise<void> {
    return this.world.runUntil(t);
  }

  nextEventAt(): number {
    return this.world.nextTime();
  }

  inject(packet: Uint8Array): void {
    this.world.inject(HOST, IFACE, emitEthernet({ dst: HOST_MAC, src: PEER_MAC, etherType: ETHERTYPE_IPV4 }, packet));
  }

  takeSent(): SentFrame[] {
    return this.sent.splice(0, this.sent.length);
  }

  mib(): Readonly<Record<string, number>> {
    return this.tcp?.mib() ?? {};
  }

  setQdisc(q: RootQdisc): void {
    const host = this.world.host(HOST);
    host.kernel.qdiscs.set(host.ifIndex(IFACE)!, q);
  }

  setGso(on: boolean): void {
    this.tcp?.setSoftwareGso(!on);
  }

  spawn(name: string, body: (sys: Syscalls) => Promise<void>): void {
    this.program.spawn(name, body);
  }

  get calls(): Syscalls {
    return this.program;
  }

  private get program(): Syscalls {
    if (!this.main) throw new Error('the packetdrill program has not started');
    return this.main;
  }

  capture(): Uint8Array {
    return captureToBytes({ format: 'pcap', interfaces: [{ name: IFACE, linkType: LINKTYPE_ETHERNET }], epochSeconds: 0 }, this.frames);
  }
}

/** A booted host for one script. */
export async function makeHostDriver(setup: HostSetup): Promise<HostDriver> {
  return new WorldHost(setup).boot();
}
