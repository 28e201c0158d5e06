import { describe, expect, it } from 'vitest';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { compileFilter } from '../../src/show/filter/index.ts';
import { REAL_CAPTURES, show, tshark } from './helpers.ts';
import { arpCapture, dnsCapture, icmpCapture, miscCapture, tcpCapture, tcpEdgeCapture } from './scenarios.ts';

type Maker = () => string;
const tcp: Maker = () => tcpCapture('sll');
const dns: Maker = () => dnsCapture('sll');
const arpEth: Maker = () => arpCapture('eth');
const arpSll: Maker = () => arpCapture('sll');
const icmp: Maker = () => icmpCapture('eth');
const edge: Maker = () => tcpEdgeCapture();
const misc: Maker = () => miscCapture();
const real: Maker = () => REAL_CAPTURES[0];

/** [capture, filter]: each must select exactly the frames tshark -Y selects. */
const TABLE: [string, Maker, string][] = [
  ['tcp', tcp, 'tcp'],
  ['udp', dns, 'udp'],
  ['dns', dns, 'dns'],
  ['arp', arpEth, 'arp'],
  ['icmp', icmp, 'icmp'],
  ['tcp', real, 'tcp.port == 10000'],
  ['dns', dns, 'udp.port == 53'],
  ['tcp', tcp, 'ip.addr == 172.16.16.101'],
  ['tcp', tcp, 'ip.src == 172.16.16.102'],
  ['tcp', real, 'tcp.flags.syn == 1'],
  ['tcp', tcp, 'tcp.len > 0'],
  ['dns', dns, 'dns.qry.name contains "its"'],
  ['dns', dns, 'dns.flags.rcode != 0'],
  ['dns', dns, 'dns.flags.rcode == 0'],
  ['tcp', tcp, 'frame.len >= 100'],
  ['tcp', real, 'tcp.port eq 10000 and tcp.len gt 0'],
  ['tcp', tcp, 'tcp.srcport eq 10000 or tcp.dstport eq 34256'],
  ['tcp', tcp, 'not tcp.analysis.flags and tcp'],
  ['tcp', real, 'tcp.port == 10000 && (tcp.flags.syn == 1 || tcp.flags.fin == 1)'],
  ['dns', dns, 'dns && !(ip.src == 127.0.0.1)'],
  ['dns', dns, 'dns.qry.name matches "^www\\\\."'],
  ['dns', dns, 'dns.qry.name matches "ESPN"'],
  ['tcp', tcp, 'tcp.analysis.retransmission'],
  ['tcp', tcp, 'tcp.analysis.duplicate_ack'],
  ['tcp', tcp, 'tcp.analysis.window_update || tcp.analysis.zero_window'],
  ['tcp', tcp, 'tcp.analysis.lost_segment || tcp.analysis.fast_retransmission'],
  ['tcp', tcp, 'tcp.flags == 0x012'],
  ['tcp', tcp, 'tcp.seq == 1 && tcp.ack == 1'],
  ['tcp', tcp, 'tcp.window_size > 100000'],
  ['tcp', tcp, 'tcp.stream == 1'],
  ['tcp', tcp, 'ip.addr != 172.16.16.101'],
  ['tcp', tcp, 'tcp.flags.str contains "S"'],
  ['tcp', tcp, 'tcp.payload contains 41:41'],
  ['tcp', tcp, 'ip.addr == 172.16.16.0/24'],
  ['tcp', real, 'frame.number <= 3'],
  ['dns', dns, 'dns.qry.type == 28'],
  ['dns', dns, 'dns.a == 103.94.189.4'],
  ['dns', dns, 'dns.cname'],
  ['dns', dns, 'dns.count.answers > 1'],
  ['dns', dns, 'dns.qry.name == "www.its.ac.id"'],
  ['dns', dns, 'dns.resp.type == 6'],
  ['dns', dns, 'dns.id == 0x4cba'],
  ['dns', dns, 'dns.qry.name in {"www.its.ac.id", "its.ac.id"}'],
  ['dns', dns, 'udp.length < 60 and !dns'],
  ['arp', arpEth, 'arp.opcode == 1'],
  ['arp', arpEth, 'eth.dst == ff:ff:ff:ff:ff:ff'],
  ['arp', arpEth, 'arp.isprobe or arp.isannouncement'],
  ['arp', arpSll, 'sll.pkttype == 4'],
  ['icmp', icmp, 'icmp.type == 8'],
  ['icmp', icmp, 'icmp.resp_to'],
  ['icmp', icmp, 'udp'],
  ['icmp', icmp, 'ip.flags.df == 0'],
  ['icmp', icmp, 'frame.time_relative > 2.5'],
  ['icmp', icmp, 'frame.number in {1, 3, 5}'],
  ['tcp', edge, 'tcp.analysis.out_of_order || tcp.analysis.spurious_retransmission'],
  ['tcp', edge, 'tcp.analysis.ack_lost_segment'],
  ['tcp', edge, 'tcp.analysis.zero_window_probe or tcp.analysis.zero_window_probe_ack'],
  ['tcp', edge, 'data'],
  ['tcp', edge, 'tcp.window_size == 100'],
  ['misc', misc, 'dns'],
  ['misc', misc, 'mdns'],
  ['misc', misc, 'dns.count.add_rr == 1'],
];

describe.skipIf(!hasTshark())('show -Y selects the frames tshark -Y selects', () => {
  it.each(TABLE)('%s capture, filter %s', async (_kind, make, filter) => {
    const path = make();
    const ours = await show(path, { filter });
    expect(ours.err).toBe('');
    expect(ours.status).toBe(0);
    expect(ours.out).toBe(tshark(path, '-Y', filter));
  });
});

/** Bad filters: the message tshark prints (after its program name) and exit status 2. */
const BAD = [
  'tcp.prot',
  'tcp.prot == 1',
  'foo',
  '"abc"',
  'tcp.port == 1 && foo.bar',
  'tcp.port ==',
  'tcp.port == 10000 &&',
  '(tcp',
  '!',
  'tcp.port == abc',
  'tcp.port == 99999',
  'ip.addr == 300.1.1.1',
  'ip.addr == 1.2.3.4/33',
  'tcp.port >< 3',
  'tcp.port == 10000)',
  'tcp.port = 10000',
  'tcp.port == 1 or or',
  'tcp.port == 1 foo',
  'frame.len > "x"',
  'tcp.port contains 5',
  'tcp.port ~ "1"',
  'tcp.analysis.flags == 1',
  'eth.src == zz',
  'frame contains zz',
  'dns.flags.response == abc',
  'dns.qry.name == "abc',
  'udp.srcport == 53 xor ip.src == 127.0.0.1',
  'dns.qry.nam contains "its"',
  'tcp.prot matches "x"',
  'tcp.prot ge 1',
  'tcp.port matches "x"',
];

describe.skipIf(!hasTshark())('a bad filter gets tshark\'s message with a caret under the token, and status 2', () => {
  it.each(BAD)('%s', async (filter) => {
    const path = arpCapture('sll');
    const ours = await show(path, { filter });
    const theirs = runTshark(['-r', path, '-Y', filter]);
    expect(theirs.status).toBe(2);
    expect(ours.status).toBe(2);
    expect(ours.out).toBe('');
    expect(ours.err.replace(/^labwire show: /, '')).toBe(theirs.stderr.replace(/^tshark: /, '') + '\n');
  });
});

describe('compileFilter', () => {
  it('points at the offending token', () => {
    const c = compileFilter('tcp.port == 1 && foo.bar');
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.pos).toBe(17);
      expect(c.message).toBe('labwire show: foo.bar is neither a field nor a protocol name.\n    tcp.port == 1 && foo.bar\n                     ^~~~~~~\n');
    }
  });

  it('says the expression ended too early without a caret', () => {
    const c = compileFilter('tcp.port ==');
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.message).toBe('labwire show: Unexpected end of filter expression.\n');
  });
});
