/**
 * The details pane for one frame, as a tree of items (tree.ts) that prints as tshark -V's text
 * and as tshark -T json's layers (json.ts): Frame, the link layer (Ethernet II, Linux
 * cooked capture v1 and v2), ARP, IPv4, IPv6 (ipv6.ts), UDP, DNS, ICMP (echoes; errors with a
 * quoted IPv4/UDP packet), ICMPv6 (icmpv6.ts), IGMP (igmp.ts), TCP (with its [SEQ/ACK analysis]), TLS (tls.ts), NDMP's
 * record marks on port 10000 (ndmp.ts), IRC (irc.ts) and Data are
 * detailed field by field as
 * tshark 4.0 prints them. Not detailed yet: a TCP header quoted by an ICMP error, ICMP types
 * other than echo and errors, EDNS options, IPv4 options other than Router Alert, record types beyond A, AAAA,
 * CNAME, NS, PTR, SOA, MX, TXT and OPT; in their place a line says so plainly, so nobody
 * mistakes the gap for tshark's output.
 */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import { CUT_LAYERS, capturedPart } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import { arpSection } from './arp.ts';
import { dnsSection } from './dns.ts';
import { frameSection } from './frame.ts';
import { icmpSection } from './icmp.ts';
import { tcpSection } from './tcp.ts';
import { continuationSection, httpSection } from './http.ts';
import { tlsSections } from './tls.ts';
import { ndmpSections } from './ndmp.ts';
import { ircSection } from './irc.ts';
import { ipFragmentsSection, ipv4Section } from './ipv4.ts';
import { ipv6Section } from './ipv6.ts';
import { icmpv6Section } from './icmpv6.ts';
import { linkSection } from './link.ts';
import { expertItem, malformedItems } from './expert.ts';
import { igmpSection } from './igmp.ts';
import { NOT_DETAILED, Tree } from './text.ts';
import { dataSection, udpSection } from './udp.ts';

export { NOT_DETAILED };

/** `hex`: a hex dump of the frame follows (tshark -V -x), so Data items carry none of their own. */
export function renderDetails(f: Dissected, prevDisplayed: Dissected | undefined, hex = false): string {
  return detailsTree(f, prevDisplayed, !hex).toString() + '\n';
}

/** The frame's details as a tree of items (tree.ts): what -V and -T json both print. */
export function detailsTree(f: Dissected, prevDisplayed: Dissected | undefined, inlineHex = true): Tree {
  const t = new Tree(inlineHex);
  commentsSection(t, f.record.comments ?? []);
  frameSection(t, f, { ifName: f.ifName, pcapng: f.pcapng, prevDisplayed });
  linkSection(t, f);
  const v = f.view;
  if (v.arp) arpSection(t, v.arp);
  if (v.ipv4) ipv4Section(t, f.fragmentIpv4 ?? v.ipv4); // a frame that completed a packet shows its own header
  if (f.ipReassembly) ipFragmentsSection(t, f.ipReassembly);
  const fragment = v.ipv4 && !f.ipReassembly && (v.ipv4.flags.mf || v.ipv4.fragOffset !== 0) ? v.ipv4 : undefined;
  if (fragment && f.cutLayer === undefined) dataSection(t, capturedPart(f, f.bytes.subarray(v.networkOffset + fragment.ihl * 4, v.networkOffset + fragment.totalLength)));
  if (v.ipv6) ipv6Section(t, v.ipv6);
  if (v.udp) {
    udpSection(t, f);
    if (f.dns) dnsSection(t, f);
    else if (f.dnsMalformed) malformedItems(t, f.row.protocol);
    else if (v.udp.payload.length > 0) dataSection(t, capturedPart(f, v.udp.payload));
  } else if (v.tcp && f.tcp) {
    tcpSection(t, f);
    if (f.http?.message) httpSection(t, f.http);
    else if (f.tls) tlsSections(t, f.tls);
    if (f.http?.continuation) continuationSection(t, f.http.continuation);
    if (f.ndmp) ndmpSections(t, f.ndmp);
    if (f.irc) ircSection(t, f.irc);
  }
  else if (v.icmp) icmpSection(t, f);
  else if (v.icmpv6) icmpv6Section(t, f);
  else if (f.igmp) igmpSection(t, f.igmp, f.cutLayer === undefined && f.record.data.length >= f.record.origLength);
  if (f.cutLayer !== undefined) t.proto(0, '_ws.short', `[Packet size limited during capture: ${CUT_LAYERS[f.cutLayer]![0]} truncated]`);
  if (v.error) t.line(0, `[Malformed Packet: ${v.error.layer}.${v.error.field} at offset ${v.error.offset}: ${v.error.reason}]`);
  if (v.ipv4 === undefined && v.ipv6 === undefined && v.arp === undefined && v.error === undefined && v.payload && v.payload.length > 0) {
    t.line(0, `${v.payload.length} bytes of ${v.link ? 'an unknown network protocol' : 'data'}`);
    t.line(1, NOT_DETAILED);
  }
  return t;
}

/** pcapng packet comments, before the Frame section as tshark prints them (packet-frame.c's pkt_comment). */
function commentsSection(t: Tree, comments: readonly string[]): void {
  if (comments.length === 0) return;
  t.proto(0, 'pkt_comment', 'Packet comments');
  for (const c of comments) {
    t.field(1, 'frame.comment', c, c);
    expertItem(t, 2, 'frame.comment.expert', 'Comment', 'Comment', c);
  }
}

export { formatIpv4Addr };
