/** `labwire show --help` and `--version`: every option, the filter subset, the exit codes. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATS_HELP } from '../show/stats/index.ts';

export const SHOW_USAGE = 'usage: labwire show [-r] FILE|- [-Y FILTER] [-V] [-x] [-c N] [-t FORMAT] [-T fields -e FIELD …] [-T json] [-q -z STAT] (see --help)\n';

export const SHOW_HELP = `${SHOW_USAGE}
A capture (pcap or pcapng; Ethernet, Linux cooked v1/v2) printed as TShark 4.0 prints it,
with tshark's options. Short options group as in tshark (-nr FILE, -Vx, -c5).

Input
  FILE, -r FILE, --read-file FILE   the capture to read; - reads standard input
  -c N, --count N                   read only the first N frames
  --frame N                         only frame N, with its details (an error if there is no frame N)

What is shown
  -Y FILTER, --filter FILTER        display filter: only the frames it selects
  -V, --verbose                     the details pane (every layer's fields) instead of the list
  -x                                hex and ASCII dump of each frame (after the details with -V;
                                    alone it replaces the list line, as in tshark)
  -P                                with -x, print the list line too
  -t r|a|ad|d|dd|e|u|ud             Time column: relative (default), absolute, absolute with
                                    date, delta from previous captured / displayed, epoch, UTC,
                                    UTC with date. a and ad (like Arrival Time, frame.time and
                                    -T json's _index) are in local time: TZ, as tshark reads it
  -n                                no name resolution: MAC addresses print as hex too (labwire
                                    never resolves network or port names)
  -T fields -e FIELD …              one line per frame with the FIELDs' values (any filter field)
  -E header=y|n  -E separator=/t|/s|C  -E aggregator=,|/s|C  -E occurrence=f|l|a  -E quote=d|s|n
                                    -T fields options, as tshark's
  -T json                           every frame's details as tshark's JSON (the array of
                                    {_index, _type, _score, _source: {layers}} objects); with -Y
                                    and -c as above; -V, -P and -q change nothing, as in tshark
  -T json -e FIELD …                only those fields, each an array of its values
  -j "KEY …", -J "KEY …"            with -T json: subtrees print only under the keys named
                                    (others as {"filtered": KEY}); -J keeps all below them
  -T text                           the default output
  -q                                no per-frame output (with -z: the statistics only)
  -z STAT                           statistics after the frames: ${STATS_HELP}
  -d tcp.port==N,http|tls|data      decode a TCP port as HTTP or TLS, or as plain data
  -d udp.port==N,dns|data           decode a UDP port as DNS, or as plain data

  -h, --help                        this text
  -v, --version                     labwire's version and the tshark it matches

Dissected: Ethernet II, Linux cooked capture v1 and v2, ARP, IPv4 (Router Alert), IPv6 (Hop-by-Hop
options), ICMP, IGMP v1–v3, ICMPv6 (echo, errors, neighbour discovery, MLD), UDP, TCP (with
tshark's sequence analysis), DNS/mDNS/LLMNR, HTTP/1.x (on tshark's HTTP ports and, elsewhere,
by tshark's heuristic: a first line starting or ending with HTTP/1.; bodies reassembled
across segments), TLS (records, hellos, certificates), NDMP's record marks on TCP 10000 and
IRC on TCP 6667, Data. MAC addresses print with their
vendor names from Wireshark's manuf file when it is installed (${'/usr/share/wireshark/manuf'},
Debian's libwireshark-data, which tshark brings); without it they print as plain hex.
Not supported: -T pdml/ek/psml/jsonraw, -T json with -x, live capture, -w, name resolution,
two-pass (-2).

Display filters (Wireshark 4.0 syntax, this subset)
  fields and protocols:  frame.*, eth.*, sll.*, arp.*, ip.*, ipv6.*, icmp.*, icmpv6.*, udp.*, tcp.* (with
                         tcp.analysis.*), dns.*, http.*, tls.*, igmp.*, ndmp.*, irc.*, data.* — a protocol name alone
                         tests that it is present (e.g. http, tcp.analysis.retransmission)
  comparisons:           == != === !== < <= > >= (and eq ne gt ge lt le), contains, matches, ~
  sets:                  FIELD in {V1 V2 …}
  logic:                 ! not, && and, || or, parentheses
  values:                numbers, "strings", addresses (10.0.0.1, fd00::1, fd00::/16, 02:42:ac:10:10:65), byte strings

Exit status
  0  the file was read to the end
  1  a -e field labwire cannot print
  2  bad arguments, a bad filter, a capture that cannot be read to the end (after the frames
     before the damage), or --frame N past the last frame
`;

/** `labwire show VERSION: …TShark 4.0…`. */
export function showVersion(): string {
  return `labwire show ${labwireVersion()}: prints captures as TShark 4.0 (Wireshark 4.0) prints them\n`;
}

/** labwire's package.json version, found upwards from here (src/cli in a checkout, dist/src/cli when built). */
function labwireVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'labwire' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: look further up
    }
  }
  return 'unknown';
}
