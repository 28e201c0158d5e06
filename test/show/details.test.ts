import { describe, expect, it } from 'vitest';
import { hasTshark } from '../helpers/tshark.ts';
import { REAL_CAPTURES, show, tshark } from './helpers.ts';
import { arpCapture, dnsCapture, icmpCapture, miscCapture, tcpCapture, tcpEdgeCapture } from './scenarios.ts';

describe.skipIf(!hasTshark())('show -V prints what tshark -V prints', () => {
  it.each([
    ['the lab-like DNS capture on SLL v1 (frame, link, IPv4, UDP, DNS)', () => dnsCapture('sll')],
    ['the DNS capture on Ethernet in pcapng (interface lines, Ethernet II)', () => dnsCapture('eth', 'pcapng')],
    ['ARP on Ethernet (padding, broadcast names, announcement, probe)', () => arpCapture('eth')],
    ['ARP on SLL v2', () => arpCapture('sll2')],
    ['ICMP echoes and errors quoting UDP and ICMP, TTL notes, on Ethernet', () => icmpCapture('eth')],
    ['ICMP on SLL v1 in a microsecond pcap', () => icmpCapture('sll', 'pcap')],
    ['ICMP on SLL v2 in pcapng', () => icmpCapture('sll2', 'pcapng')],
  ])('%s, byte for byte', async (_name, make) => {
    const path = make();
    const r = await show(path, { verbose: true });
    expect(r.status).toBe(0);
    expect(r.out).toBe(tshark(path, '-V'));
  });

  it('selects with -Y and keeps the displayed-frame time deltas', async () => {
    const path = dnsCapture('sll');
    const r = await show(path, { verbose: true, filter: 'dns.flags.rcode != 0' });
    expect(r.out).toBe(tshark(path, '-V', '-Y', 'dns.flags.rcode != 0'));
  });

  it('EDNS OPT records, an AD bit in a query, mDNS and a malformed DNS datagram, as tshark -V', async () => {
    const path = miscCapture();
    const filter = 'frame.number >= 2 && frame.number <= 5';
    const r = await show(path, { verbose: true, filter });
    expect(r.out).toBe(tshark(path, '-V', '-Y', filter));
  });

  it('--frame N shows that frame\'s details, as tshark -V -Y frame.number == N', async () => {
    const path = dnsCapture('sll');
    const r = await show(path, { verbose: true, frame: 17 });
    expect(r.out).toBe(tshark(path, '-V', '-Y', 'frame.number == 17'));
  });

  it.each([
    ['TCP: handshake, retransmission, SACK, dup ACKs, window update, zero window, keep-alive, FIN, RST', () => tcpCapture('sll')],
    ['TCP mid-stream: out-of-order, spurious, ACKed unseen, zero-window probe', () => tcpEdgeCapture()],
    ['the real echo capture on `any`', () => REAL_CAPTURES[0]],
    ['the real echo capture on eth1', () => REAL_CAPTURES[1]],
  ])('%s, byte for byte (TCP with its [SEQ/ACK analysis])', async (_name, make) => {
    const path = make();
    const r = await show(path, { verbose: true });
    expect(r.out).toBe(tshark(path, '-V'));
  });
});
