import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../../../src/stack/wire/addr.ts';
import {
  emitDnsMessage, makeDnsFlags, parseIpv6Addr, Rcode, type DnsMessage, type DnsRecord,
} from '../../../../src/stack/wire/dns/index.ts';
import { hasTshark, sllFrame, tsharkFields } from './tshark.ts';

const q = (name: string, type: number) => [{ name, type, class: 1 }];
const rr = (name: string, rdata: DnsRecord['rdata'], ttl = 300): DnsRecord => ({ name, class: 1, ttl, rdata });
const soa = rr('its.ac.id', {
  kind: 'SOA', mname: 'dns1.its.ac.id', rname: 'admin.its.ac.id', serial: 2025052301, refresh: 3600, retry: 900, expire: 604800, minimum: 300,
}, 900);

const messages: DnsMessage[] = [
  { id: 0x4cba, flags: makeDnsFlags({ rd: true }), questions: q('www.espnfc.com', 1), answers: [], authorities: [], additionals: [] },
  {
    id: 0x1d45, flags: makeDnsFlags({ qr: true, rd: true, ra: true }), questions: q('www.its.ac.id', 1),
    answers: [rr('www.its.ac.id', { kind: 'CNAME', name: 'web.its.ac.id' }), rr('web.its.ac.id', { kind: 'A', address: ipv4('103.94.189.4') })],
    authorities: [], additionals: [],
  },
  {
    id: 0xf7a8, flags: makeDnsFlags({ qr: true, rd: true, ra: true }), questions: q('www.its.ac.id', 28),
    answers: [], authorities: [soa], additionals: [],
  },
  {
    id: 0x0001, flags: makeDnsFlags({ qr: true, rd: true, ra: true, rcode: Rcode.NXDOMAIN }), questions: q('www.espnfc.cosm', 1),
    answers: [], authorities: [rr('', {
      kind: 'SOA', mname: 'a.root-servers.net', rname: 'nstld.verisign-grs.com', serial: 2025052300, refresh: 1800, retry: 900, expire: 604800, minimum: 86400,
    }, 86400)], additionals: [],
  },
  {
    id: 0x0002, flags: makeDnsFlags({ qr: true, rd: true, ra: true }), questions: q('v6.example', 28),
    answers: [rr('v6.example', { kind: 'AAAA', address: parseIpv6Addr('2001:db8::53')! })],
    authorities: [rr('example', { kind: 'NS', name: 'ns.example' })],
    additionals: [rr('ns.example', { kind: 'TXT', strings: ['hi there'] }), { name: '', class: 1232, ttl: 0, rdata: { kind: 'OPT', options: [] } }],
  },
];

describe.skipIf(!hasTshark())('DNS messages as tshark dissects them', () => {
  for (const compress of [true, false]) {
    it(`decodes every field as intended (${compress ? 'compressed' : 'uncompressed'})`, () => {
      const frames = messages.map((m) => sllFrame({
        src: '172.20.0.3', dst: '10.255.255.254', srcPort: 41234, dstPort: 53, payload: emitDnsMessage(m, { compress }),
      }));
      const rows = tsharkFields(frames, [
        'dns.id', 'dns.flags.response', 'dns.flags.rcode', 'dns.qry.name', 'dns.a', 'dns.aaaa', 'dns.cname',
        'dns.soa.mname', 'dns.soa.rname', 'dns.ns', 'dns.txt', 'dns.rr.udp_payload_size', '_ws.malformed', '_ws.expert',
      ]);
      expect(rows).toEqual([
        ['0x4cba', '0', '', 'www.espnfc.com', '', '', '', '', '', '', '', '', '', ''],
        ['0x1d45', '1', '0', 'www.its.ac.id', '103.94.189.4', '', 'web.its.ac.id', '', '', '', '', '', '', ''],
        ['0xf7a8', '1', '0', 'www.its.ac.id', '', '', '', 'dns1.its.ac.id', 'admin.its.ac.id', '', '', '', '', ''],
        ['0x0001', '1', '3', 'www.espnfc.cosm', '', '', '', 'a.root-servers.net', 'nstld.verisign-grs.com', '', '', '', '', ''],
        ['0x0002', '1', '0', 'v6.example', '', '2001:db8::53', '', '', '', 'ns.example', 'hi there', '1232', '', ''],
      ]);
    });
  }

  it('gives the lab frame lengths on an SLL capture: query 76 and 75, A response 91', () => {
    const its = messages[1]!;
    const oneA: DnsMessage = { ...its, answers: [rr('www.its.ac.id', { kind: 'A', address: ipv4('103.94.189.4') })] };
    const frames = [messages[0]!, { ...messages[0]!, questions: q('www.its.ac.id', 1) }, oneA].map((m) =>
      sllFrame({ src: '172.20.0.3', dst: '10.255.255.254', srcPort: 41234, dstPort: 53, payload: emitDnsMessage(m) }));
    expect(tsharkFields(frames, ['frame.len']).map((r) => r[0])).toEqual(['76', '75', '91']);
  });
});
