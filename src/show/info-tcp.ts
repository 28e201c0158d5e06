/**
 * The TCP Info text: `34254 → 10000 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM
 * TSval=… TSecr=… WS=128`, after the analysis prefix (packet-tcp.c: ports, flags, then
 * Seq/Ack/Win/Urg/Len, then each option's summary in wire order).
 */
import type { TcpSegment } from '../stack/wire/tcp.ts';
import { TCP_ACK, TCP_URG } from '../stack/wire/tcp.ts';
import { A_ZERO_WINDOW_PROBE, writeAnalysisPrefix, type TcpAnalysis } from './tcp-analysis.ts';
import { written, type TextWriter } from './output/text-writer.ts';

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];

/** `SYN, ACK` — the flag names from bit 0 up, or `<None>`. */
export function tcpFlagNames(flags: number, reserved: number): string {
  const bits = (flags & 0xff) | ((reserved & 1) << 8);
  return (flagTexts[bits] ??= flagText(bits));
}

/** the texts of the 512 flag combinations, made as first met */
const flagTexts: (string | undefined)[] = new Array<string | undefined>(1 << FLAG_NAMES.length).fill(undefined);

function flagText(bits: number): string {
  const names: string[] = [];
  for (let i = 0; i < FLAG_NAMES.length; i++) if (bits & (1 << i)) names.push(FLAG_NAMES[i]!);
  return names.length === 0 ? '<None>' : names.join(', ');
}

/** The options' part of the Info column, e.g. ` MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128`. */
function writeOptions(w: TextWriter, seg: TcpSegment, sackBase: number): void {
  for (const o of seg.options) {
    switch (o.kind) {
      case 'mss': w.text(' MSS='); w.uint(o.mss); break;
      case 'sackPermitted': w.text(' SACK_PERM'); break;
      case 'timestamps': w.text(' TSval='); w.uint(o.tsval); w.text(' TSecr='); w.uint(o.tsecr); break;
      case 'wscale': w.text(' WS='); w.uint(1 << Math.min(o.shift, 14)); break;
      case 'sack':
        for (const [l, r] of o.blocks) {
          w.text(' SLE='); w.uint((l - sackBase) >>> 0);
          w.text(' SRE='); w.uint((r - sackBase) >>> 0);
        }
        break;
      default: break;
    }
  }
}

export function tcpInfo(seg: TcpSegment, a: TcpAnalysis): string {
  return written((w) => writeTcpInfo(w, seg, a));
}

/** tcpInfo into a writer. */
export function writeTcpInfo(w: TextWriter, seg: TcpSegment, a: TcpAnalysis): void {
  writeAnalysisPrefix(w, a);
  w.uint(seg.srcPort);
  w.arrow();
  w.uint(seg.dstPort);
  w.text(' [');
  w.text(tcpFlagNames(seg.flags, seg.reserved));
  w.text('] Seq=');
  w.uint(a.relSeq);
  if (seg.flags & TCP_ACK) {
    w.text(' Ack=');
    w.uint(a.relAck);
  }
  w.text(' Win=');
  w.uint(a.window);
  if (seg.flags & TCP_URG) {
    w.text(' Urg=');
    w.uint(seg.urgent);
  }
  w.text(' Len=');
  w.uint(a.seglen);
  // SACK edges are relative to the other direction's base, i.e. ack − relAck
  writeOptions(w, seg, (seg.ack - a.relAck) >>> 0);
  // a zero-window probe's byte is held for reassembly, and tshark says so
  if (a.flags & A_ZERO_WINDOW_PROBE) w.text(' [TCP segment of a reassembled PDU]');
}
