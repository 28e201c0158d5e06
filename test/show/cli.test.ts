import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { hasTshark } from '../helpers/tshark.ts';
import { tshark } from './helpers.ts';
import { dnsCapture } from './scenarios.ts';

async function cli(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await showCommand(argv, (s) => (out += s), (s) => (err += s));
  return { status, out, err };
}

describe('showCommand (labwire show FILE [-Y FILTER] [-V] [--frame N])', () => {
  it('prints the packet list and exits 0', async () => {
    const path = dnsCapture('sll');
    const r = await cli(path);
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[0]).toBe('    1 0.000000000   172.20.0.3 → 10.255.255.254 DNS 76 Standard query 0x4cba A www.espnfc.com');
  });

  it.skipIf(!hasTshark())('takes -Y and -V in either order, like tshark', async () => {
    const path = dnsCapture('sll');
    const r = await cli('-V', path, '-Y', 'dns.flags.rcode == 3');
    expect(r.status).toBe(0);
    expect(r.out).toBe(tshark(path, '-V', '-Y', 'dns.flags.rcode == 3'));
  });

  it('shows one frame\'s details with --frame N (also --frame=N)', async () => {
    const path = dnsCapture('sll');
    const a = await cli(path, '--frame', '2');
    const b = await cli(path, '--frame=2');
    expect(a.out).toMatch(/^Frame 2: 217 bytes on wire/);
    expect(a.out).toContain('Domain Name System (response)');
    expect(b.out).toBe(a.out);
  });

  it('exits 2 with Wireshark\'s message for a bad filter, printing no frames', async () => {
    const r = await cli(dnsCapture('sll'), '-Y', 'dns.qry.nam contains "its"');
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('labwire show: Left side of contains expression must be a field or function, not dns.qry.nam.\n    dns.qry.nam contains "its"\n    ^~~~~~~~~~~\n');
  });

  it('exits 2 with usage for missing or unknown arguments', async () => {
    expect((await cli()).status).toBe(2);
    expect((await cli('-Y')).err).toMatch(/-Y needs a value/);
    expect((await cli('x.pcap', '--bogus')).err).toMatch(/unknown option --bogus/);
    expect((await cli('x.pcap', '--frame', '0')).err).toMatch(/--frame needs a frame number/);
    expect((await cli('a.pcap', 'b.pcap')).err).toMatch(/one capture file at a time/);
  });

  it('prints usage with --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^usage: labwire show \[-r\] FILE/);
  });
});
