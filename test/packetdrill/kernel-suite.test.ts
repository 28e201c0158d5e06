/**
 * What the Linux kernel's own packetdrill selftests (tools/testing/selftests/net/packetdrill)
 * need of the runner beyond Google's corpus: families read from flat file names, their
 * defaults.sh (tcp_fastopen=0x3), their options (--mss, --send_omit_free, --ip_version),
 * and the kernel features they exercise named before the run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findScripts, kernelFamily } from '../../src/packetdrill/corpus.ts';
import { makeHostDriver } from '../../src/packetdrill/host.ts';
import { runCorpus } from '../../src/packetdrill/run-corpus.ts';
import { missingFeature } from '../../src/packetdrill/features.ts';
import { parseScript } from '../../src/packetdrill/parse.ts';
import { ipVersionsOf } from '../../src/packetdrill/result.ts';
import { readSettings } from '../../src/packetdrill/settings.ts';
import { runShell } from '../../src/packetdrill/shell.ts';
import { applySysctl } from '../../src/packetdrill/sysctls.ts';
import { CALIBRATION_PROFILE } from '../../src/stack/kernel/profile.ts';

const HANDSHAKE = `    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
   +0 bind(3, ..., ...) = 0
   +0 listen(3, 1) = 0
`;

describe('kernel selftest file names', () => {
  it('take the family from the name, underscores and all', () => {
    expect(kernelFamily('tcp_slow_start_slow-start-after-idle.pkt')).toBe('slow_start');
    expect(kernelFamily('tcp_tcp_info_tcp-info-rwnd-limited.pkt')).toBe('tcp_info');
    expect(kernelFamily('tcp_syscall_bad_arg_sendmsg-empty-iov.pkt')).toBe('syscall_bad_arg');
    expect(kernelFamily('tcp_fastopen_server_basic-rw.pkt')).toBe('fastopen');
    expect(kernelFamily('tcp_ooo-before-and-after-accept.pkt')).toBe('ooo');
    expect(kernelFamily('tcp_accecn_syn_ce.pkt')).toBe('accecn');
    expect(kernelFamily('delayed-ack.pkt')).toBeNull();
  });

  const dir = mkdtempSync(join(tmpdir(), 'labwire-kpd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a flat folder gets one family per name; a folder of families keeps its folders', () => {
    writeFileSync(join(dir, 'tcp_dsack_mult.pkt'), '');
    writeFileSync(join(dir, 'plain.pkt'), '');
    mkdirSync(join(dir, 'nagle'));
    writeFileSync(join(dir, 'nagle', 'tcp_eor_x.pkt'), '');
    const families = Object.fromEntries(findScripts([dir]).map((s) => [s.path.slice(dir.length + 1), s.family]));
    expect(families).toEqual({ 'nagle/tcp_eor_x.pkt': 'nagle', 'plain.pkt': dir.split('/').pop(), 'tcp_dsack_mult.pkt': 'dsack' });
  });
});

describe('the kernel suite defaults and options', () => {
  it('accepts any tcp_fastopen: only Fast Open scripts depend on it, and those are named', () => {
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_fastopen', '0x3')).toBe(CALIBRATION_PROFILE);
  });

  it('takes `nstat -n` (it resets nstat\'s own history) and names the counter a check reads', () => {
    const ctx = { scriptPath: '/k/x.pkt', readFile: () => undefined };
    const setup = { profile: CALIBRATION_PROFILE, gso: true };
    expect(runShell(setup, 'nstat -n', ctx)).toEqual({ ok: true, setup });
    expect(runShell(setup, 'nstat > /dev/null', ctx)).toEqual({ ok: true, setup });
    expect(runShell(setup, 'nstat | grep TcpExtBeyondWindow | grep -q " 3 "', ctx)).toMatchObject({ ok: false, unsupported: expect.stringContaining('TcpExtBeyondWindow') });
  });

  it('names Accurate ECN when tcp_ecn asks for it', () => {
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_ecn', '3')).toMatch(/^accecn: /);
    // classic ECN (0–2) is the profile's tcpEcn
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_ecn', '1')).toMatchObject({ tcpEcn: 1 });
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_ecn', '0')).toMatchObject({ tcpEcn: 0 });
  });

  it('reads --mss as the injected GSO size and --send_omit_free as harmless; IPv6 is refused by name', () => {
    expect(readSettings(new Map([['mss', '1000'], ['send_omit_free', '']]))).toMatchObject({ injectMss: 1000 });
    expect(readSettings(new Map())).toMatchObject({ injectMss: 0 });
    expect(readSettings(new Map([['mss', 'x']]))).toBe('--mss=x');
    expect(readSettings(new Map([['ip_version', 'ipv6']]))).toMatch(/^--ip_version=ipv6 .*IPv4 only/);
  });
});

describe('the kernel scripts\' time syntax', () => {
  it('reads `+.002 ... 1.1` and `+.02 ~ +1.1` with blanks, as `+0~+.04` without', () => {
    const times = parseScript('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n+.002 ... 1.1 connect(4, ..., ...) = 0\n+.02 ~ +1.1 > S 0:0(0) <...>\n+0~+.04 > . 1:1(0) ack 1\n').events.map((e) => e.time);
    expect(times[2]).toEqual({ type: 'range', relative: true, usecs: 20_000, endUsecs: 1_100_000 });
    expect(times[3]).toEqual({ type: 'range', relative: true, usecs: 0, endUsecs: 40_000 });
  });
});

describe('ipVersionsOf', () => {
  it('says which runs the kernel runner makes were not made here', () => {
    expect(ipVersionsOf('`./defaults.sh`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n')).toEqual({ run: ['ipv4'], notRun: ['ipv6'] });
    expect(ipVersionsOf('// x\n--ip_version=ipv4\n')).toEqual({ run: ['ipv4'], notRun: [] });
    expect(ipVersionsOf('--ip_version=ipv6\n')).toEqual({ run: [], notRun: ['ipv6'] });
  });
});

describe('missingFeature', () => {
  const feature = (body: string) => missingFeature(parseScript(HANDSHAKE + body))?.feature ?? null;

  it('names Fast Open by its flag, socket option, option or SYN data', () => {
    expect(feature('   +0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = 1000\n')).toBe('fastopen: MSG_FASTOPEN');
    expect(feature('   +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [1], 4) = 0\n')).toBe('fastopen: TCP_FASTOPEN');
    expect(feature('   +0 < S 0:0(0) win 32792 <mss 1460,FO abcd,nop,nop>\n')).toBe('fastopen: TCP option FO');
    expect(feature('   +0 < S 0:10(10) win 32792 <mss 1460>\n')).toBe('fastopen: data on a SYN (0:10)');
  });

  it('names zerocopy, MD5 and AccECN, and says where', () => {
    expect(feature('   +0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0\n')).toBe('zerocopy: SO_ZEROCOPY');
    expect(feature('   +0 < . 1:1(0) ack 1 win 514 <md5 000102030405060708090a0b0c0d0e0f,nop,nop>\n')).toBe('md5: TCP option md5');
    expect(missingFeature(parseScript(`${HANDSHAKE}   +0 < SEWA 0:0(0) win 32792 <mss 1050>\n`))).toEqual({ feature: 'accecn: TCP flag AE (SEWA)', line: 4 });
  });

  it('asks nothing of urgent data, which labwire\'s TCP has (tcp/urgent.ts)', () => {
    expect(feature('   +0 send(3, ..., 1, MSG_OOB) = 1\n')).toBeNull();
    expect(feature('   +0 setsockopt(3, SOL_SOCKET, SO_OOBINLINE, [1], 4) = 0\n')).toBeNull();
  });

  it('finds nothing in a plain script', () => {
    expect(feature('   +0 < S 0:0(0) win 32792 <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>\n')).toBeNull();
  });
});

describe('a flat suite in the kernel selftests layout, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-kpd-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sources ./defaults.sh (tcp_fastopen=0x3 included), runs by family, names what it lacks', async () => {
    writeFileSync(join(dir, 'defaults.sh'), 'sysctl -q net.ipv4.tcp_fastopen=0x3\nsysctl -q net.ipv4.tcp_ecn=0\nsysctl -q net.ipv4.tcp_rmem="4096 131072 6291456"\n');
    const open = `${HANDSHAKE}   +0 < S 0:0(0) win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 7>\n`;
    writeFileSync(join(dir, 'tcp_basic_listen.pkt'), `\`./defaults.sh\`\n${open}   +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7>\n  +.1 < . 1:1(0) ack 1 win 502\n   +0 accept(3, ..., ...) = 4\n`);
    writeFileSync(join(dir, 'tcp_basic_wrong.pkt'), `\`./defaults.sh\`\n${open}   +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 9>\n`);
    writeFileSync(join(dir, 'tcp_accecn_listen.pkt'), `\`./defaults.sh\nsysctl -q net.ipv4.tcp_ecn=3\n\`\n${HANDSHAKE}`);
    const results = (await runCorpus(findScripts([dir]), makeHostDriver)).map((r) => r.result);
    const byName = Object.fromEntries(results.map((r) => [r.file.slice(dir.length + 1), [r.family, r.outcome.status]]));
    expect(byName).toEqual({
      'tcp_accecn_listen.pkt': ['accecn', 'unsupported'],
      'tcp_basic_listen.pkt': ['basic', 'pass'],
      'tcp_basic_wrong.pkt': ['basic', 'fail'],
    });
    expect(results.find((r) => r.family === 'accecn')?.outcome).toMatchObject({ feature: expect.stringMatching(/^accecn: /) });
    expect(results[1]?.ipVersions).toEqual({ run: ['ipv4'], notRun: ['ipv6'] });
  });
});
