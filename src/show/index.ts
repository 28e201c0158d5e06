/**
 * show: a capture as Wireshark shows it, without Wireshark — tshark 4.0's packet list,
 * details pane (-V, and the same tree as -T json) and display filters (-Y), for pcap and pcapng on Ethernet, Linux cooked
 * capture v1 and v2.
 *
 * Contract:
 * - Rule 1 — tshark is the reference, line for line. Every text here is what tshark 4.0
 *   prints with its defaults (MAC names on, network and port names off, one pass); tests
 *   compare against tshark itself whenever it is installed.
 * - Rule 2 — one pass, constant memory. Frames are read as they stream (capture/'s
 *   reader), dissected (stack/wire), analysed and printed at once; state is kept per TCP/UDP
 *   conversation and per outstanding ICMP echo or DNS query (the last two bounded), never per
 *   frame. Every frame is analysed, shown or not, as tshark does.
 * - Rule 3 — never throws on file contents. Damage ends the output after the frames before it,
 *   with the file and offset on stderr; frames no codec accepts are listed, not fatal.
 * - Rule 4 — what is not detailed says so. The details pane covers frame, Ethernet, SLL v1/v2,
 *   ARP, IPv4, IPv6, ICMP, ICMPv6, UDP, TCP, DNS, HTTP/1.x and Data; layers it does not
 *   detail print a plain note in their place.
 *
 * Files: dissect (the per-frame pass and trackers) · row (its packet-list row) · cut (records cut short) ·
 * tcp-analysis (sequence analysis) and tcp-state (its per-conversation columns) ·
 * http, http-stream (HTTP messages and their reassembly) · info-* (Info column per protocol) ·
 * columns (the line) · names, mac-vendors, time, dns-names (text forms) · inner, inner6 (packets
 * quoted by ICMP and ICMPv6 errors) · decode-as (tshark -d) · loop (the loop, without details/) ·
 * show (the loop with details for verbose) · warm-up (made-up frames before a capture's, for V8) · details/ (-V) ·
 * filter/ (-Y) · output/ (-T fields|json, -x, -t, and text-writer: lines written as bytes) ·
 * stats/ (-z conv, flow, io,stat).
 */
export { showEntries, type ShowOptions, type ShowResult } from './show.ts';
export { Dissector, type Dissected } from './dissect.ts';
export { formatRow, type Row } from './columns.ts';
export { renderDetails } from './details/index.ts';
export { compileFilter, formatFilterError, type Compiled, type Filter } from './filter/index.ts';
export { TcpTracker, analysisPrefix, type TcpAnalysis } from './tcp-analysis.ts';
