import { describe, expect, it } from 'vitest';
import { hasTshark } from '../helpers/tshark.ts';
import { lines, REAL_CAPTURES, show, tshark } from './helpers.ts';
import { arpCapture, dnsCapture, icmpCapture, miscCapture, tcpCapture, tcpEdgeCapture } from './scenarios.ts';

const real = REAL_CAPTURES;

const generated: [string, () => string][] = [
  ['ARP request, reply, unicast probe, announcement and RFC 5227 probe on Ethernet', () => arpCapture('eth')],
  ['ARP on SLL v1', () => arpCapture('sll')],
  ['ARP on SLL v2', () => arpCapture('sll2')],
  ['ICMP echoes, an unanswered request and ICMP errors on Ethernet', () => icmpCapture('eth')],
  ['ICMP on SLL v1 in a microsecond pcap', () => icmpCapture('sll', 'pcap')],
  ['ICMP on SLL v2 in pcapng', () => icmpCapture('sll2', 'pcapng')],
  ['DNS: CNAME chain, NXDOMAIN, NODATA with SOA, AAAA, SERVFAIL, NS, PTR, TXT, and plain UDP on SLL', () => dnsCapture('sll')],
  ['DNS on Ethernet in pcapng', () => dnsCapture('eth', 'pcapng')],
  ['TCP handshake, data, retransmission, lost segment, dup ACKs, fast retransmission, window update, zero window, keep-alive, FIN and RST', () => tcpCapture('sll')],
  ['TCP mid-stream: out-of-order, spurious retransmission, ACKed unseen segment, zero-window probe and ACK, RST, SYN retransmission', () => tcpEdgeCapture()],
  ['an unanswered echo reply, EDNS, mDNS, a malformed DNS datagram, an ICMP timestamp', () => miscCapture()],
];

describe.skipIf(!hasTshark())('labwire show prints what tshark -r prints', () => {
  it.each(real)('real capture %s, line for line', async (path) => {
    const r = await show(path);
    expect(r.status).toBe(0);
    expect(lines(r.out)).toEqual(lines(tshark(path)));
  });

  it.each(generated)('%s, line for line', async (_name, make) => {
    const path = make();
    const r = await show(path);
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(tshark(path));
  });
});
