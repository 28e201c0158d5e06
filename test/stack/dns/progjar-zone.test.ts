import { describe, expect, it } from 'vitest';
import { MESIN1_ETH0, MESIN2_ETH0, progjarZone } from '../../../scenarios/progjar/zone.ts';
import { answerQuery } from '../../../src/stack/dns/zone-server.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { emitDnsMessage, type DnsMessage } from '../../../src/stack/wire/dns/index.ts';
import { hasTshark, sllFrame, tsharkFields } from '../wire/dns/tshark.ts';

const ask = (name: string, type: number, id: number): DnsMessage => ({
  id, flags: 0x0100, questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals: [],
});

/** The lab's exchanges, each with the frame lengths the student's `any` capture shows. */
const cases = [
  { who: MESIN1_ETH0, q: ask('www.espnfc.com', 1, 0x4cba), query: 76, response: 341 },
  { who: MESIN1_ETH0, q: ask('www.its.ac.id', 1, 0xdaa9), query: 75, response: 91 },
  { who: MESIN1_ETH0, q: ask('www.its.ac.id', 28, 0xf7a8), query: 75, response: 122 },
  { who: MESIN2_ETH0, q: ask('www.espnfc.com', 1, 0x4d09), query: 76, response: 108 },
  { who: MESIN2_ETH0, q: ask('www.its.ac.id', 1, 0xe4a0), query: 75, response: 91 },
  { who: MESIN2_ETH0, q: ask('www.its.ac.id', 28, 0xd7a6), query: 75, response: 75 },
];

const frame = (who: string, m: DnsMessage, toResolver: boolean) => sllFrame({
  src: toResolver ? who : '10.255.255.254', dst: toResolver ? '10.255.255.254' : who,
  srcPort: toResolver ? 45678 : 53, dstPort: toResolver ? 53 : 45678, payload: emitDnsMessage(m),
});

describe('the progjar zone', () => {
  for (const c of cases) {
    const name = `${c.q.questions[0]!.type === 1 ? 'A' : 'AAAA'} ${c.q.questions[0]!.name} from ${c.who}`;
    it(`${name}: query ${c.query} bytes, response ${c.response} bytes on an SLL capture`, () => {
      expect(frame(c.who, c.q, true).length).toBe(c.query);
      expect(frame(c.who, answerQuery(progjarZone, c.q, ipv4(c.who)), false).length).toBe(c.response);
    });
  }

  it('makes www.espnfc.cosm NXDOMAIN', () => {
    const r = answerQuery(progjarZone, ask('www.espnfc.cosm', 1, 1), ipv4(MESIN1_ETH0));
    expect(r.flags & 0xf).toBe(3);
  });

  it.skipIf(!hasTshark())('decodes in tshark to the lab\'s answers', () => {
    const frames = cases.map((c) => frame(c.who, answerQuery(progjarZone, c.q, ipv4(c.who)), false));
    frames.push(frame(MESIN1_ETH0, answerQuery(progjarZone, ask('www.espnfc.cosm', 1, 0x1234), ipv4(MESIN1_ETH0)), false));
    const rows = tsharkFields(frames, ['frame.len', 'dns.flags.rcode', 'dns.a', 'dns.soa.mname', '_ws.malformed']);
    const firstA = (s: string) => s.split(',')[0];
    expect(rows.map((r) => [r[0], r[1], firstA(r[2]!), r[3], r[4]])).toEqual([
      ['341', '0', '52.13.202.65', '', ''],
      ['91', '0', '103.94.189.4', '', ''],
      ['122', '0', '', 'dns1.its.ac.id', ''],
      ['108', '0', '10.203.219.141', '', ''],
      ['91', '0', '103.94.189.4', '', ''],
      ['75', '0', '', '', ''],
      ['152', '3', '', 'a.root-servers.net', ''],
    ]);
  });
});
