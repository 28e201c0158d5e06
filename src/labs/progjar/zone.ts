/**
 * The zone the lab's upstream resolver (10.255.255.254, WSL2's DNS) answers from.
 *
 * Facts from the student's captures (shared/seed, LAB.md), as frame lengths on an `any`
 * capture (16 SLL + 20 IPv4 + 8 UDP + the DNS message):
 * - `A www.its.ac.id` → 103.94.189.4: 91 bytes (one A record, owner compressed to c00c).
 * - `AAAA www.its.ac.id` → NODATA: 122 bytes on mesin1 (an SOA in authority: 31 + 47 bytes),
 *   75 on mesin2 (no SOA at all), so the SOA is mesin1's (and mesin3's) only.
 * - `A www.espnfc.com` → 52.13.202.65 on mesin1 in a 341-byte frame (297 bytes of DNS:
 *   a CNAME chain into an AWS load balancer in us-west-2, where 52.13.0.0/16 lives) and
 *   10.203.219.141 on mesin2 in a 108-byte frame (64 bytes of DNS: one short CNAME and an A).
 *   The names of the chain are invented to look like the real thing; only the lengths and
 *   the final addresses are the lab's.
 * - `www.espnfc.cosm` does not exist: NXDOMAIN with the root zone's SOA.
 */
import type { Zone } from '../../stack/dns/zone.ts';
import { zoneA, zoneCNAME, zoneSOA } from '../../stack/dns/zone.ts';

export const MESIN1_ETH0 = '172.20.0.3';
export const MESIN2_ETH0 = '172.20.0.4';
export const MESIN3_ETH0 = '172.20.0.5';

const ELB = 'awseb-e-m-awsebloa-1j3oz1xwz5s7u-1524866203.us-west-2.elb.amazonaws.com';

export const progjarZone: Zone = {
  records: [
    // www.its.ac.id: one A for everyone; the SOA for negative answers only some askers get
    zoneA('www.its.ac.id', '103.94.189.4', { ttl: 3600 }),
    zoneSOA('its.ac.id', {
      mname: 'dns1.its.ac.id', rname: 'admin.its.ac.id', serial: 2025052201,
      refresh: 10800, retry: 3600, expire: 604800, minimum: 3600,
    }, { ttl: 3600, for: [MESIN1_ETH0, MESIN3_ETH0] }),

    // www.espnfc.com as mesin1 (and anyone else) sees it
    zoneCNAME('www.espnfc.com', 'espnfc.go.com', { ttl: 300 }),
    zoneCNAME('espnfc.go.com', 'espnfc-web-prod-green.us-west-2.elasticbeanstalk.com', { ttl: 300 }),
    zoneCNAME('espnfc-web-prod-green.us-west-2.elasticbeanstalk.com', ELB, { ttl: 60 }),
    zoneA(ELB, '52.13.202.65', { ttl: 60 }),
    zoneA(ELB, '54.148.21.97', { ttl: 60 }),
    zoneA(ELB, '35.161.94.202', { ttl: 60 }),
    zoneA(ELB, '52.36.117.18', { ttl: 60 }),
    zoneA(ELB, '44.226.85.140', { ttl: 60 }),
    zoneA(ELB, '34.213.62.43', { ttl: 60 }),

    // www.espnfc.com as mesin2 sees it: its resolver's network maps the name internally
    zoneCNAME('www.espnfc.com', 'e.espnfc.com', { ttl: 300, for: [MESIN2_ETH0] }),
    zoneA('e.espnfc.com', '10.203.219.141', { ttl: 300, for: [MESIN2_ETH0] }),

    // the root zone's SOA, for names under TLDs that do not exist (www.espnfc.cosm)
    zoneSOA('', {
      mname: 'a.root-servers.net', rname: 'nstld.verisign-grs.com', serial: 2025052300,
      refresh: 1800, retry: 900, expire: 604800, minimum: 86400,
    }, { ttl: 86400 }),
  ],
};

/**
 * How long 10.255.255.254 takes to answer, from the student's table on mesin1: the first
 * www.espnfc.com lookup waited 278 ms for the upstream recursion, www.its.ac.id about 12 ms.
 */
export function resolutionDelay(qname: string): number {
  return qname.replace(/\.$/, '').toLowerCase() === 'www.espnfc.com' ? 278_000_000 : 12_000_000;
}
