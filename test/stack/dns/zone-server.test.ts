import { describe, expect, it } from 'vitest';
import { answerQuery } from '../../../src/stack/dns/zone-server.ts';
import { zoneA, zoneAAAA, zoneCNAME, zoneSOA, type Zone } from '../../../src/stack/dns/zone.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { dnsFlagFields, type DnsMessage } from '../../../src/stack/wire/dns/index.ts';

const soaFields = { mname: 'ns.example.org', rname: 'hostmaster.example.org', serial: 7, refresh: 1, retry: 2, expire: 3, minimum: 60 };
const zone: Zone = {
  records: [
    zoneSOA('example.org', soaFields, { ttl: 900 }),
    zoneCNAME('www.example.org', 'web.example.org', { ttl: 120 }),
    zoneCNAME('web.example.org', 'host.example.org', { ttl: 60 }),
    zoneA('host.example.org', '192.0.2.10', { ttl: 30 }),
    zoneA('host.example.org', '192.0.2.11', { ttl: 30 }),
    zoneAAAA('v6.example.org', '2001:db8::6'),
    zoneA('split.example.org', '192.0.2.1'),
    zoneA('split.example.org', '10.0.0.1', { for: ['172.20.0.4'] }),
    zoneCNAME('dangling.example.org', 'nowhere.example.org'),
    zoneA('a.b.example.org', '192.0.2.5'),
    zoneCNAME('loop1.example.org', 'loop2.example.org'),
    zoneCNAME('loop2.example.org', 'loop1.example.org'),
  ],
};

const ask = (name: string, type = 1, flags = 0x0100): DnsMessage => ({
  id: 0xbeef, flags, questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals: [],
});
const mesin1 = ipv4('172.20.0.3');

describe('answerQuery', () => {
  it('answers with the CNAME chain and then the A records, each with its own TTL', () => {
    const r = answerQuery(zone, ask('www.example.org'), mesin1);
    expect(r.answers.map((a) => [a.name, a.rdata.kind, a.ttl])).toEqual([
      ['www.example.org', 'CNAME', 120], ['web.example.org', 'CNAME', 60],
      ['host.example.org', 'A', 30], ['host.example.org', 'A', 30],
    ]);
    expect(r.authorities).toEqual([]);
  });

  it('sets the flags a recursive resolver sets: QR, RD copied, RA, not AA', () => {
    const r = answerQuery(zone, ask('host.example.org'), mesin1);
    expect(r.id).toBe(0xbeef);
    expect(dnsFlagFields(r.flags)).toMatchObject({ qr: true, rd: true, ra: true, aa: false, rcode: 0 });
    expect(r.flags).toBe(0x8180);
    expect(dnsFlagFields(answerQuery(zone, ask('host.example.org', 1, 0), mesin1).flags).rd).toBe(false);
  });

  it('gives NXDOMAIN with the SOA in authority for a name that does not exist', () => {
    const r = answerQuery(zone, ask('nope.example.org'), mesin1);
    expect(dnsFlagFields(r.flags).rcode).toBe(3);
    expect(r.answers).toEqual([]);
    expect(r.authorities.map((a) => [a.name, a.rdata.kind, a.ttl])).toEqual([['example.org', 'SOA', 900]]);
  });

  it('gives NODATA (NOERROR, SOA in authority) for AAAA where there is only an A', () => {
    const r = answerQuery(zone, ask('host.example.org', 28), mesin1);
    expect(dnsFlagFields(r.flags).rcode).toBe(0);
    expect(r.answers).toEqual([]);
    expect(r.authorities.map((a) => a.rdata.kind)).toEqual(['SOA']);
  });

  it('gives NODATA for an empty non-terminal (RFC 8020), not NXDOMAIN', () => {
    expect(dnsFlagFields(answerQuery(zone, ask('b.example.org'), mesin1).flags).rcode).toBe(0);
  });

  it('keeps the CNAME and says NXDOMAIN when the chain ends at a missing name', () => {
    const r = answerQuery(zone, ask('dangling.example.org'), mesin1);
    expect(dnsFlagFields(r.flags).rcode).toBe(3);
    expect(r.answers.map((a) => a.rdata.kind)).toEqual(['CNAME']);
  });

  it('answers AAAA from AAAA records', () => {
    const r = answerQuery(zone, ask('v6.example.org', 28), mesin1);
    expect(r.answers[0]!.rdata).toEqual({ kind: 'AAAA', address: Uint8Array.from([0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6]) });
  });

  it('answers per asker: records for the asker hide the general ones at that name', () => {
    const general = answerQuery(zone, ask('split.example.org'), mesin1).answers;
    const special = answerQuery(zone, ask('split.example.org'), ipv4('172.20.0.4')).answers;
    expect(general.map((a) => a.rdata)).toEqual([{ kind: 'A', address: ipv4('192.0.2.1') }]);
    expect(special.map((a) => a.rdata)).toEqual([{ kind: 'A', address: ipv4('10.0.0.1') }]);
  });

  it('matches names case-insensitively and echoes the question as asked', () => {
    const r = answerQuery(zone, ask('HOST.Example.org'), mesin1);
    expect(r.answers).toHaveLength(2);
    expect(r.questions[0]!.name).toBe('HOST.Example.org');
  });

  it('gives SERVFAIL for a CNAME loop', () => {
    expect(dnsFlagFields(answerQuery(zone, ask('loop1.example.org'), mesin1).flags).rcode).toBe(2);
  });

  it('refuses other opcodes with NOTIMP and several questions with FORMERR', () => {
    expect(dnsFlagFields(answerQuery(zone, ask('host.example.org', 1, 0x2100), mesin1).flags).rcode).toBe(4);
    const two = { ...ask('a.example.org'), questions: [...ask('a').questions, ...ask('b').questions] };
    expect(dnsFlagFields(answerQuery(zone, two, mesin1).flags).rcode).toBe(1);
  });

  it('answers an EDNS query with an OPT record of its own', () => {
    const q = { ...ask('host.example.org'), additionals: [{ name: '', class: 4096, ttl: 0, rdata: { kind: 'OPT' as const, options: [] } }] };
    expect(answerQuery(zone, q, mesin1).additionals).toEqual([{ name: '', class: 1232, ttl: 0, rdata: { kind: 'OPT', options: [] } }]);
  });
});
