import { describe, expect, it } from 'vitest';
import socketInfo from '../../scenarios/socket-info.ts';
import typo from '../../scenarios/socket-info-typo.ts';
import noResolver from '../../scenarios/socket-info-no-resolver.ts';
import { runToFiles, sha256, transcriptOf } from '../helpers/scenario.ts';
import { hasTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';

const LAST = "[(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('103.94.189.4', 80))]";

describe('labwire run socket-info', async () => {
  const run = await runToFiles(socketInfo);
  const any1 = run.captures.find((c) => c.host === 'mesin1')!.path!;

  it("prints the lab's seven lines on mesin1", () => {
    expect(transcriptOf(run, 'mesin1')).toEqual([
      'hostname : 2117a5c5c2c4',
      'ipaddress: 172.20.0.3',
      'ip address dari www.espnfc.com adalah 52.13.202.65',
      'ip address dari www.its.ac.id adalah 103.94.189.4',
      'timeout : None',
      'timeout : 10.0',
      LAST,
    ]);
  });

  it("prints the lab's seven lines on mesin2, with mesin2's own answer for www.espnfc.com", () => {
    expect(transcriptOf(run, 'mesin2')).toEqual([
      'hostname : 79666ee79c0',
      'ipaddress: 172.20.0.4',
      'ip address dari www.espnfc.com adalah 10.203.219.141',
      'ip address dari www.its.ac.id adalah 103.94.189.4',
      'timeout : None',
      'timeout : 10.0',
      LAST,
    ]);
  });

  describe.skipIf(!hasTshark())('mesin1 any capture, as tshark reads it', () => {
    it('has no malformed packets and no bad checksums', () => {
      const c = tsharkCheck(any1);
      expect(c.malformed).toEqual([]);
      expect(c.badChecksums).toEqual([]);
      expect(c.warnings).toEqual([]);
    });

    it("shows the lab's pattern: eth0 query, response, loopback relay; then www.its.ac.id; then the A/AAAA pair", () => {
      const rows = tsharkFields(any1, ['ip.src', 'ip.dst', 'dns.flags.response', 'dns.qry.name', 'dns.qry.type', 'frame.len', 'dns.id'], 'dns && !(ip.dst == 127.0.0.11)');
      const text = rows.map((r) => `${r[0]}>${r[1]} ${r[2] === '1' ? 'response' : 'query'} ${r[3]} ${r[4]} ${r[5]}`);
      expect(text).toEqual([
        '172.20.0.3>10.255.255.254 query www.espnfc.com 1 76',
        '10.255.255.254>172.20.0.3 response www.espnfc.com 1 341',
        '127.0.0.11>127.0.0.1 response www.espnfc.com 1 341',
        '172.20.0.3>10.255.255.254 query www.its.ac.id 1 75',
        '10.255.255.254>172.20.0.3 response www.its.ac.id 1 91',
        '127.0.0.11>127.0.0.1 response www.its.ac.id 1 91',
        '172.20.0.3>10.255.255.254 query www.its.ac.id 1 75',
        '172.20.0.3>10.255.255.254 query www.its.ac.id 28 75',
        // both answers before either relay, as in test/fixtures/real/dns (test/e2e/dns-order.test.ts)
        '10.255.255.254>172.20.0.3 response www.its.ac.id 1 91',
        '10.255.255.254>172.20.0.3 response www.its.ac.id 28 122',
        '127.0.0.11>127.0.0.1 response www.its.ac.id 1 91',
        '127.0.0.11>127.0.0.1 response www.its.ac.id 28 122',
      ]);
      // Docker's DNS keeps the program's id: the upstream exchange and the relay share it
      expect(rows[0]![6]).toBe(rows[2]![6]);
      // getaddrinfo's two queries carry their own ids
      expect(rows[6]![6]).not.toBe(rows[7]![6]);
    });

    it('decodes the answers as intended: the CNAME chain, the A records, the SOA of the empty AAAA answer', () => {
      const [espnfc] = tsharkFields(any1, ['dns.cname', 'dns.a', 'dns.flags.rcode'], 'dns.flags.response == 1 && dns.qry.name == "www.espnfc.com" && ip.src == 10.255.255.254');
      expect(espnfc![0]!.split(',').length).toBeGreaterThanOrEqual(2);
      expect(espnfc![1]!.split(',')[0]).toBe('52.13.202.65');
      expect(espnfc![2]).toBe('0');
      const [aaaa] = tsharkFields(any1, ['dns.count.answers', 'dns.soa.mname', 'dns.flags.rcode'], 'dns.qry.type == 28 && dns.flags.response == 1 && ip.src == 10.255.255.254');
      expect(aaaa).toEqual(['0', 'dns1.its.ac.id', '0']);
    });
  });
});

describe('labwire run socket-info-typo', async () => {
  const run = await runToFiles(typo);

  it('prints the lab error for the typo host', () => {
    expect(transcriptOf(run, 'mesin1')[2]).toBe('ERROR : [Errno -2] Name or service not known');
  });

  it.skipIf(!hasTshark())('shows NXDOMAIN with an SOA in the authority section', () => {
    const rows = tsharkFields(run.captures[0]!.path!, ['dns.flags.rcode', 'dns.count.auth_rr'], 'dns.qry.name == "www.espnfc.cosm" && dns.flags.response == 1 && ip.src == 10.255.255.254');
    expect(rows).toEqual([['3', '1']]);
  });
});

describe('labwire run socket-info-no-resolver', async () => {
  const run = await runToFiles(noResolver);

  it('fails the lookup with [Errno -3] after Docker gives up twice (4 s each), as glibc retries once', () => {
    const lines = run.result.transcript.filter((l) => l.host === 'mesin1');
    const err = lines.find((l) => l.text.startsWith('ERROR'))!;
    expect(err.text).toBe('ERROR : [Errno -3] Temporary failure in name resolution');
    expect((err.at - lines[0]!.at) / 1e9).toBeCloseTo(8, 2);
  });

  it.skipIf(!hasTshark())('shows the upstream queries 4 s apart and the SERVFAILs relayed on loopback', () => {
    const rows = tsharkFields(run.captures[0]!.path!, ['frame.time_relative', 'ip.src', 'ip.dst', 'dns.flags.rcode'], 'dns.qry.name == "www.espnfc.com" && (ip.dst == 10.255.255.254 || ip.src == 127.0.0.11)');
    const t = rows.map((r) => [Math.round(Number(r[0])), r[1], r[2], r[3]].join(' '));
    expect(t).toEqual([
      '0 172.20.0.3 10.255.255.254 ',
      '4 127.0.0.11 127.0.0.1 2',
      '4 172.20.0.3 10.255.255.254 ',
      '8 127.0.0.11 127.0.0.1 2',
    ]);
  });
});

describe('socket-info determinism', () => {
  it('the same seed gives the same query ids and the same capture bytes; another seed other ids', async () => {
    const a = await runToFiles(socketInfo, 5);
    const b = await runToFiles(socketInfo, 5);
    const c = await runToFiles(socketInfo, 6);
    expect(a.captures.map((x) => sha256(x.path!))).toEqual(b.captures.map((x) => sha256(x.path!)));
    expect(a.captures.map((x) => sha256(x.path!))).not.toEqual(c.captures.map((x) => sha256(x.path!)));
  });
});
