import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../../../src/stack/wire/addr.ts';
import { fromHex, hex } from '../../../../src/stack/wire/bytes.ts';
import {
  dnsFlagFields, emitDnsMessage, makeDnsFlags, parseDnsMessage, type DnsMessage,
} from '../../../../src/stack/wire/dns/index.ts';
import { checkCodec } from '../../../helpers/codec.ts';
import { dnsMessage } from './arbitraries.ts';

// Written down by hand from RFC 1035 §4.1: id 0x4cba, RD, one question A IN www.espnfc.com.
const QUERY_ESPNFC = '4cba 0100 0001 0000 0000 0000 03777777 066573706e6663 03636f6d 00 0001 0001';
// id 0x1d45, QR RD RA; answer owner is the pointer c00c to the question name; TTL 300.
const RESPONSE_ITS = '1d45 8180 0001 0001 0000 0000 03777777 03697473 026163 026964 00 0001 0001 c00c 0001 0001 0000012c 0004 675ebd04';

const question = (name: string, type = 1) => ({ name, type, class: 1 });

describe('parseDnsMessage', () => {
  it('reads the header, flags and question of a glibc query', () => {
    const r = parseDnsMessage(fromHex(QUERY_ESPNFC));
    expect(r.ok && r.value).toEqual({
      id: 0x4cba, flags: 0x0100, questions: [question('www.espnfc.com')], answers: [], authorities: [], additionals: [],
    });
    expect(r.ok && r.end).toBe(32);
  });

  it('follows the answer owner pointer to the question name', () => {
    const r = parseDnsMessage(fromHex(RESPONSE_ITS));
    expect(r.ok && r.value.answers).toEqual([
      { name: 'www.its.ac.id', class: 1, ttl: 300, rdata: { kind: 'A', address: ipv4('103.94.189.4') } },
    ]);
  });

  it('reads the DNS message at an offset, counting pointers from the header', () => {
    const inner = fromHex(RESPONSE_ITS);
    const outer = new Uint8Array(8 + inner.length);
    outer.set(inner, 8);
    const r = parseDnsMessage(outer, 8);
    expect(r.ok && r.value.answers[0]!.name).toBe('www.its.ac.id');
    expect(r.ok && r.end).toBe(outer.length);
  });

  it('rejects a pointer to itself as a loop, with its offset', () => {
    const r = parseDnsMessage(fromHex('0001 0100 0001 0000 0000 0000 c00c 0001 0001'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ layer: 'dns', field: 'question.name', offset: 12 });
    expect(!r.ok && r.error.reason).toMatch(/loop/);
  });

  it('rejects a two-pointer cycle as a loop', () => {
    const r = parseDnsMessage(fromHex('0001 0100 0001 0000 0000 0000 01 61 c014 0001 0001 c00c'));
    expect(!r.ok && r.error.reason).toMatch(/loop/);
  });

  it('rejects a pointer past the end of the message', () => {
    const r = parseDnsMessage(fromHex('0001 0100 0001 0000 0000 0000 c0ff 0001 0001'));
    expect(!r.ok && r.error).toMatchObject({ field: 'question.name', offset: 12 });
    expect(!r.ok && r.error.reason).toMatch(/outside the message/);
  });

  it('rejects the extended label types 0x40 and 0x80', () => {
    const r = parseDnsMessage(fromHex('0001 0100 0001 0000 0000 0000 41 00 0001 0001'));
    expect(!r.ok && r.error.reason).toMatch(/label type 0x40/);
  });

  it('rejects an rdlength that runs past the end', () => {
    const bytes = fromHex(RESPONSE_ITS.replace('0004 675ebd04', '0005 675ebd04'));
    const r = parseDnsMessage(bytes);
    expect(!r.ok && r.error).toMatchObject({ field: 'answer.rdlength', offset: 41 });
  });

  it('keeps an A record of the wrong length as Unknown, losslessly', () => {
    const bytes = fromHex(RESPONSE_ITS.replace('0004 675ebd04', '0003 675ebd').replace('8180 0001 0001', '8180 0001 0001'));
    const r = parseDnsMessage(bytes);
    expect(r.ok && r.value.answers[0]!.rdata).toEqual({ kind: 'Unknown', type: 1, data: fromHex('675ebd') });
    expect(r.ok && hex(emitDnsMessage(r.value))).toBe(hex(bytes));
  });

  it('gives a WireError for every strict prefix of a valid message, at or before the cut', () => {
    const full = fromHex(RESPONSE_ITS);
    for (let n = 0; n < full.length; n++) {
      const r = parseDnsMessage(full.subarray(0, n));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.offset).toBeLessThanOrEqual(n);
    }
  });
});

describe('emitDnsMessage', () => {
  it('emits the glibc query byte for byte', () => {
    const m: DnsMessage = {
      id: 0x4cba, flags: makeDnsFlags({ rd: true }), questions: [question('www.espnfc.com')],
      answers: [], authorities: [], additionals: [],
    };
    expect(hex(emitDnsMessage(m))).toBe(QUERY_ESPNFC.replace(/ /g, ''));
  });

  it('compresses the answer owner to c00c as servers do', () => {
    const m: DnsMessage = {
      id: 0x1d45, flags: makeDnsFlags({ qr: true, rd: true, ra: true }), questions: [question('www.its.ac.id')],
      answers: [{ name: 'www.its.ac.id', class: 1, ttl: 300, rdata: { kind: 'A', address: ipv4('103.94.189.4') } }],
      authorities: [], additionals: [],
    };
    expect(hex(emitDnsMessage(m))).toBe(RESPONSE_ITS.replace(/ /g, ''));
    expect(emitDnsMessage(m, { compress: false }).length).toBe(47 + 13);
  });

  it('compresses names inside CNAME and SOA rdata against earlier suffixes', () => {
    const m: DnsMessage = {
      id: 1, flags: 0x8180, questions: [question('www.its.ac.id', 28)],
      answers: [{ name: 'www.its.ac.id', class: 1, ttl: 60, rdata: { kind: 'CNAME', name: 'web.its.ac.id' } }],
      authorities: [{
        name: 'its.ac.id', class: 1, ttl: 60,
        rdata: { kind: 'SOA', mname: 'ns1.its.ac.id', rname: 'web.its.ac.id', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 },
      }],
      additionals: [],
    };
    const b = emitDnsMessage(m);
    // CNAME rdata: 03 'web' + pointer to "its.ac.id" at 16
    expect(hex(b.subarray(43, 49))).toBe('03776562c010');
    // SOA owner "its.ac.id" → c010; mname 03 'ns1' c010; rname "web.its.ac.id" → c02b (the CNAME rdata at 43)
    expect(hex(b.subarray(49, 51))).toBe('c010');
    expect(hex(b.subarray(61, 69))).toBe('036e7331c010c02b');
  });
});

describe('DNS header flags', () => {
  it('reads every field of 0x8583 (QR AA RD RA, NXDOMAIN)', () => {
    expect(dnsFlagFields(0x8583)).toEqual({
      qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, z: false, ad: false, cd: false, rcode: 3,
    });
  });

  it('builds back every one of the 65536 flag words from its fields', () => {
    const wrong: number[] = [];
    for (let f = 0; f < 0x10000; f++) if (makeDnsFlags(dnsFlagFields(f)) !== f) wrong.push(f);
    expect(wrong).toEqual([]);
  });
});

describe('DNS codec properties', () => {
  it('parse(emit(m)) = m, compressed and uncompressed', () => {
    fc.assert(fc.property(dnsMessage, fc.boolean(), (m, compress) => {
      const bytes = emitDnsMessage(m, { compress });
      const r = parseDnsMessage(bytes);
      expect(r.ok && r.value).toEqual(m);
      expect(r.ok && r.end).toBe(bytes.length);
    }));
  });

  it('the compressed form is never longer than the uncompressed one and parses to the same value', () => {
    fc.assert(fc.property(dnsMessage, (m) => {
      const a = emitDnsMessage(m);
      const b = emitDnsMessage(m, { compress: false });
      expect(a.length).toBeLessThanOrEqual(b.length);
      const pa = parseDnsMessage(a);
      const pb = parseDnsMessage(b);
      expect(pa.ok && pa.value).toEqual(pb.ok && pb.value);
    }));
  });

  it('emit(parse(b)) = b for bytes compressed the way servers compress', () => {
    fc.assert(fc.property(dnsMessage, (m) => {
      const b = emitDnsMessage(m);
      const r = parseDnsMessage(b);
      expect(r.ok && hex(emitDnsMessage(r.value))).toBe(hex(b));
    }));
  });

  it('arbitrary bytes give a value or a WireError, never a throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      const r = parseDnsMessage(b);
      if (r.ok) expect(r.end).toBeLessThanOrEqual(b.length);
      else expect(r.error.offset).toBeLessThanOrEqual(b.length);
    }), { numRuns: 2000 });
  });

  it('valid messages with corrupted bytes give a value or a WireError, never a throw', () => {
    const corrupted = fc.tuple(dnsMessage, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }))
      .map(([m, edits]) => {
        const b = emitDnsMessage(m);
        for (const [at, v] of edits) if (b.length > 0) b[at % b.length] = v;
        return b;
      });
    fc.assert(fc.property(corrupted, (b) => {
      expect(() => parseDnsMessage(b)).not.toThrow();
    }), { numRuns: 2000 });
  });
});

describe('DNS message codec contract', () => {
  checkCodec({
    arbitrary: dnsMessage,
    emit: (m: DnsMessage) => emitDnsMessage(m),
    parse: (b, offset, end) => parseDnsMessage(b.subarray(0, end), offset),
    samples: [
      { name: 'a glibc query', bytes: fromHex(QUERY_ESPNFC) },
      { name: 'a compressed A response', bytes: fromHex(RESPONSE_ITS) },
    ],
  });
});
