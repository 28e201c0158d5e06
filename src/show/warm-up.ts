/**
 * A few made-up TCP frames through a throwaway Dissector and row writer before a capture's
 * own, so that V8 has seen, before it optimizes the per-frame path, the values a long capture
 * only reaches later: times more than 2^31 ns after the first frame, sequence numbers at and
 * past 2^31, a conversation found again by its hash after another one's frames, a port used
 * again after a close.
 *
 * Why (issue 15): V8 first compiles that path for small integers and objects whose number
 * fields hold them. The first frame 2.15 s into a capture, the first sequence number past
 * 2^31 and the first conversation met again each threw the optimized code of a dozen
 * functions away (a "wrong map" or "overflow" deoptimization) and compiled it again on
 * background threads, whose compiler memory came on top of what the run held by then: on
 * the bench's 1 M-frame capture, three waves of recompilation were 5 MB of its peak RSS.
 * Seen here first, the values are in the type feedback and the objects' field
 * representations before the first optimization, and the code compiled once fits them all.
 *
 * Nothing here reaches the output: its own Dissector (the conversation tables are per
 * Dissector) and its own TextWriter. Only the module-level caches of address texts gain the
 * two made-up addresses.
 */
import type { CaptureRecord } from '../capture/record.ts';
import { emitEthernet, ETHERTYPE_IPV4 } from '../stack/wire/ethernet.ts';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL } from '../stack/wire/frame.ts';
import { emitIpv4, IPPROTO_TCP } from '../stack/wire/ipv4.ts';
import { ARPHRD_ETHER, emitSll } from '../stack/wire/sll.ts';
import { emitTcp, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../stack/wire/tcp.ts';
import type { TcpOption } from '../stack/wire/tcp-options.ts';
import { writeRow } from './columns.ts';
import { Dissector } from './dissect.ts';
import { concat } from './http-stream.ts';
import { TextWriter } from './output/text-writer.ts';

/** documentation addresses (RFC 5737), client and server */
const CLIENT = 0xc0000201;
const SERVER = 0xc0000202;
const SERVER_PORT = 10000;
/** between frames: the seventh is past 2^31 ns */
const STEP_NS = 400_000_000;

/** One segment of the script: who sends, flags, its sequence and ACK offsets from the ends' ISNs, payload length. */
type Step = readonly [conv: 0 | 1 | 2, fromClient: boolean, flags: number, seq: number, ack: number, length: number];

const S = TCP_SYN;
const A = TCP_ACK;
const PA = TCP_PSH | TCP_ACK;
const FA = TCP_FIN | TCP_ACK;

/**
 * Two conversations interleaved (the second is found by its hash, not as the last one): a
 * handshake, data after a gap across 2^32 and its ACK (an ACK of unseen data), data back, a
 * duplicate ACK and a close in the first; in the second, data
 * sent again 2.4 s later (a retransmission whose RTO is past 2^31 ns) and then ACKed; then
 * the first one's ports again (conversation 2).
 */
const SCRIPT: readonly Step[] = [
  [0, true, S, 0, 0, 0], [1, true, S, 0, 0, 0], [0, false, S | A, 0, 1, 0], [1, false, S | A, 0, 1, 0],
  [0, true, A, 1, 1, 0], [1, true, A, 1, 1, 0], [0, true, PA, 5, 1, 46], [1, true, PA, 1, 1, 46],
  [0, false, A, 1, 51, 0], [0, false, PA, 1, 51, 32], [0, true, A, 51, 33, 0], [0, true, A, 51, 33, 0],
  [0, true, FA, 51, 33, 0], [1, true, PA, 1, 1, 46], [1, false, A, 1, 47, 0], [0, false, FA, 33, 52, 0], [0, true, A, 52, 34, 0],
  [2, true, S, 0, 0, 0], [2, false, S | A, 0, 1, 0], [2, true, A, 1, 1, 0], [2, true, PA, 1, 1, 46], [2, false, A, 1, 47, 0],
  [2, false, PA, 1, 47, 32], [2, true, A, 47, 33, 0],
];

/**
 * client and server ISNs per conversation: across 2^31 and 2^32 as the script runs. The
 * ports' second use keeps the first's base sequence numbers (tshark's one pass does): the
 * client starts ahead of its old one (a previous segment not captured), the server 2^31 and
 * more from its old one (relative numbers past 2^31)
 */
const ISNS: readonly (readonly [number, number])[] = [[0xffff_fff0, 0x7fff_fff8], [0x10, 0x20], [0x0fff_fff0, 0x1fff_fff8]];

/** Run the script on SLL v1 and on Ethernet (show's two common link types). */
export function warmUp(): void {
  const w = new TextWriter();
  for (const linkType of [LINKTYPE_LINUX_SLL, LINKTYPE_ETHERNET]) {
    const d = new Dissector();
    for (const rec of warmUpRecords(linkType)) {
      writeRow(w, d.next(rec).row);
      w.take(1 << 10);
    }
  }
}

/** The script's frames on `linkType` (LINKTYPE_ETHERNET or LINKTYPE_LINUX_SLL), as a reader yields records. */
export function warmUpRecords(linkType: number): CaptureRecord[] {
  return SCRIPT.map((step, index) => record(index, linkType, step));
}

function record(index: number, linkType: number, [conv, fromClient, flags, seq, ack, length]: Step): CaptureRecord {
  const [clientIsn, serverIsn] = ISNS[conv]!;
  const clientPort = 40000 + (conv & 1);
  const ns = index * STEP_NS;
  const options: TcpOption[] = flags & TCP_SYN
    ? [{ kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: index, tsecr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }]
    : [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: index, tsecr: index }];
  const [src, dst] = fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
  const tcp = emitTcp({
    srcPort: fromClient ? clientPort : SERVER_PORT, dstPort: fromClient ? SERVER_PORT : clientPort,
    seq: ((fromClient ? clientIsn : serverIsn) + seq) >>> 0, ack: flags & TCP_ACK ? ((fromClient ? serverIsn : clientIsn) + ack) >>> 0 : 0,
    flags, window: 502, options, payload: new Uint8Array(length).fill(0x78),
  }, src, dst);
  const ip = emitIpv4({ ident: index, flags: { df: true, mf: false }, ttl: 64, protocol: IPPROTO_TCP, src, dst }, tcp.length);
  const packet = concat(ip, tcp);
  const data = linkType === LINKTYPE_ETHERNET
    ? emitEthernet({ dst: 0x0200_0000_0002, src: 0x0200_0000_0001, etherType: ETHERTYPE_IPV4 }, packet)
    : concat(emitSll({ packetType: fromClient ? 4 : 0, arphrdType: ARPHRD_ETHER, addrLength: 6, addr: 0x0200_0000_0001, protocol: ETHERTYPE_IPV4 }), packet);
  return {
    kind: 'record', index, ifIndex: 0, linkType, sec: 1_700_000_000 + Math.floor(ns / 1e9), nsec: ns % 1e9,
    origLength: data.length, data, offset: 0,
  };
}
