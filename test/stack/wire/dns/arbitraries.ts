/** fast-check generators for DNS values, shared by the DNS codec tests. */
import fc from 'fast-check';
import type { DnsMessage, DnsQuestion, DnsRecord } from '../../../../src/stack/wire/dns/message.ts';
import { formatLabels } from '../../../../src/stack/wire/dns/name.ts';
import { DnsType, type DnsRdata } from '../../../../src/stack/wire/dns/rdata.ts';

const KNOWN = new Set<number>(Object.values(DnsType));

/** Labels from a small pool (so suffixes repeat and compression has work), plus odd bytes. */
const label = fc.oneof(
  fc.constantFrom('www', 'WWW', 'its', 'ac', 'id', 'com', 'espnfc', 'a', 'cdn', 'ns1'),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => formatLabels([b])),
);
export const dnsName = fc.array(label, { minLength: 0, maxLength: 5 }).map((ls) => ls.join('.'));

const u32 = fc.nat({ max: 0xffffffff });
const latin1 = fc.uint8Array({ maxLength: 40 }).map((b) => String.fromCharCode(...b));

export const rdata: fc.Arbitrary<DnsRdata> = fc.oneof(
  u32.map((address) => ({ kind: 'A' as const, address })),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((address) => ({ kind: 'AAAA' as const, address })),
  fc.record({ kind: fc.constantFrom('CNAME' as const, 'NS' as const, 'PTR' as const), name: dnsName }),
  fc.record({
    kind: fc.constant('SOA' as const), mname: dnsName, rname: dnsName,
    serial: u32, refresh: u32, retry: u32, expire: u32, minimum: u32,
  }),
  fc.record({ kind: fc.constant('TXT' as const), strings: fc.array(latin1, { maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('OPT' as const),
    options: fc.array(fc.record({ code: fc.nat({ max: 0xffff }), data: fc.uint8Array({ maxLength: 8 }) }), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('Unknown' as const),
    type: fc.nat({ max: 0xffff }).filter((t) => !KNOWN.has(t)),
    data: fc.uint8Array({ maxLength: 20 }),
  }),
);

export const record: fc.Arbitrary<DnsRecord> = fc.record({
  name: dnsName, class: fc.nat({ max: 0xffff }), ttl: u32, rdata,
});

export const question: fc.Arbitrary<DnsQuestion> = fc.record({
  name: dnsName, type: fc.nat({ max: 0xffff }), class: fc.nat({ max: 0xffff }),
});

export const dnsMessage: fc.Arbitrary<DnsMessage> = fc.record({
  id: fc.nat({ max: 0xffff }),
  flags: fc.nat({ max: 0xffff }),
  questions: fc.array(question, { maxLength: 2 }),
  answers: fc.array(record, { maxLength: 4 }),
  authorities: fc.array(record, { maxLength: 2 }),
  additionals: fc.array(record, { maxLength: 2 }),
});
