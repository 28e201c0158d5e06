import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { buildLab, ScenarioError, type ScenarioSpec } from '../../src/sim/scenario.ts';
import ping from '../../scenarios/ping.ts';
import { formatIpv4Addr, formatMac } from '../../src/stack/wire/addr.ts';

const FILE = 'scenarios/broken.ts';

function errorOf(sc: ScenarioSpec): ScenarioError {
  try {
    buildLab(FILE, sc);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('buildLab on the progjar lab', () => {
  const lab = buildLab('scenarios/ping.ts', ping);
  const mesin1 = lab.hosts.find((h) => h.name === 'mesin1')!;

  it('gives each machine eth0 on the default bridge and eth1 on progjar-network with Docker MACs', () => {
    expect(mesin1.interfaces.map((i) => [i.name, formatIpv4Addr(i.addr), i.prefix, formatMac(i.mac)])).toEqual([
      ['eth0', '172.20.0.3', 16, '02:42:ac:14:00:03'],
      ['eth1', '172.16.16.101', 24, '02:42:ac:10:10:65'],
    ]);
  });

  it('routes by default through the docker bridge gateway', () => {
    expect(formatIpv4Addr(mesin1.gateway!)).toBe('172.20.0.1');
  });

  it('maps the hostname to the eth0 address in /etc/hosts', () => {
    expect(String(mesin1.files!['/etc/hosts'])).toContain('172.20.0.3\t2117a5c5c2c4');
  });

  it('starts the captures at the report\'s date', () => {
    expect(lab.epochSeconds).toBe(Date.UTC(2025, 4, 23, 7, 34, 0) / 1000);
  });
});

describe('buildLab errors name the file, the host and the field', () => {
  it('an address outside every network', () => {
    const sc = produce(ping, (d) => { (d.lab.machines.mesin3!.interfaces as Record<string, string>).eth1 = '172.16.17.103'; });
    const e = errorOf(sc);
    expect(e.message).toMatch(/^scenarios\/broken\.ts: lab\.machines\.mesin3\.interfaces\.eth1: 172\.16\.17\.103 is outside every network/);
  });

  it('two hosts with one address', () => {
    const sc = produce(ping, (d) => { (d.lab.machines.mesin3!.interfaces as Record<string, string>).eth1 = '172.16.16.102'; });
    expect(errorOf(sc).message).toBe("scenarios/broken.ts: lab.machines.mesin3.interfaces.eth1: 172.16.16.102 is already mesin2's address");
  });

  it('a program on an unknown machine', () => {
    const sc = produce(ping, (d) => { (d.programs[0] as { on: string }).on = 'mesin9'; });
    expect(errorOf(sc).message).toMatch(/programs\[0\]\.on: no machine named "mesin9"/);
  });

  it('a capture on an interface the machine does not have', () => {
    const sc = produce(ping, (d) => { (d.captures[1] as { iface: string }).iface = 'eth7'; });
    expect(errorOf(sc).message).toMatch(/captures\[1\]\.iface: mesin2 has no interface "eth7"/);
  });

  it('a malformed address and an unknown kernel profile', () => {
    const bad = produce(ping, (d) => { (d.lab.machines.mesin1!.interfaces as Record<string, string>).eth0 = '172.20.0'; });
    expect(errorOf(bad).message).toMatch(/lab\.machines\.mesin1\.interfaces\.eth0: "172\.20\.0" is not an IPv4 address/);
    expect(errorOf({ ...ping, kernel: 'plan9' }).message).toMatch(/kernel: unknown kernel profile "plan9"/);
  });
});
