import { describe, expect, it } from 'vitest';
import { runShell, type HostSetup } from '../../src/packetdrill/shell.ts';
import { applySysctl } from '../../src/packetdrill/sysctls.ts';
import { CALIBRATION_PROFILE } from '../../src/stack/kernel/profile.ts';

const files = new Map<string, string>([
  ['/corpus/common/defaults.sh', '#!/bin/bash\n# a comment\nip tcp_metrics flush all > /dev/null 2>&1\nsysctl -q net.ipv4.tcp_rmem="4096 540000 $((15*1024*1024))"\nsysctl -q net.ipv4.tcp_early_retrans=4 net.ipv4.tcp_recovery=1\ntc qdisc add dev tun0 root pfifo\n'],
]);
const ctx = { scriptPath: '/corpus/family/x.pkt', readFile: (p: string) => files.get(p) };
const start: HostSetup = { profile: CALIBRATION_PROFILE, gso: true };

function setupAfter(command: string): HostSetup {
  const r = runShell(start, command, ctx);
  if (!r.ok) throw new Error(r.unsupported);
  return r.setup;
}

describe('runShell', () => {
  it('sources defaults.sh from the script folder and applies its sysctls', () => {
    const s = setupAfter('../common/defaults.sh\nethtool -K tun0 tso off gso off\n../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0');
    expect(s.profile.tcpRmem).toEqual([4096, 540000, 15 * 1024 * 1024]);
    expect(s.profile.tcpTimestamps).toBe(false);
    expect(s.gso).toBe(false);
  });

  it('keeps GSO on unless a script turns it off', () => {
    expect(setupAfter('/tmp/sysctl_restore_${PPID}.sh').gso).toBe(true);
  });

  it('names what it cannot model', () => {
    expect(runShell(start, 'sysctl -q net.ipv4.tcp_ecn=3', ctx)).toEqual({ ok: false, unsupported: "accecn: sysctl net.ipv4.tcp_ecn=3 (labwire's TCP does classic ECN only)" });
    expect(runShell(start, 'sysctl -q net.ipv4.tcp_pacing_ss_ratio=100', ctx)).toEqual({ ok: false, unsupported: "sysctl net.ipv4.tcp_pacing_ss_ratio=100 (labwire's TCP behaves as 200)" });
    expect(runShell(start, 'tc qdisc replace dev tun0 root fq', ctx)).toMatchObject({ ok: false, unsupported: 'tc qdisc replace dev tun0 root fq' });
    expect(runShell(start, 'tc qdisc add dev eth0 root pfifo limit 0', ctx)).toMatchObject({ ok: false, unsupported: 'tc qdisc add dev eth0 root pfifo limit 0' });
    expect(runShell(start, 'tc qdisc add dev tun0 root pfifo limit x', ctx)).toMatchObject({ ok: false });
    expect(runShell(start, 'grep " 0A " /proc/net/tcp', ctx)).toMatchObject({ ok: false, unsupported: 'shell command grep' });
    expect(runShell(start, '../nowhere/defaults.sh', ctx)).toMatchObject({ ok: false, unsupported: '/corpus/nowhere/defaults.sh (not found)' });
  });

  it("sets tun0's MTU (ip link set dev tun0 mtu N) and tcp_syncookies; other ip commands and MTUs stay unsupported", () => {
    const s = setupAfter('sysctl -q net.ipv4.tcp_syncookies=2\nip link set dev tun0 mtu 9000');
    expect(s.mtu).toBe(9000);
    expect(s.profile.tcpSyncookies).toBe(2);
    expect(setupAfter('ip link set tun0 mtu 1280').mtu).toBe(1280);
    expect(runShell(start, 'ip link set dev tun0 mtu 20', ctx)).toMatchObject({ ok: false, unsupported: 'ip link set tun0 mtu 20 (not an MTU from 68 to 65535)' });
    expect(runShell(start, 'ip link set dev eth0 mtu 9000', ctx)).toMatchObject({ ok: false, unsupported: 'ip link set' });
    expect(runShell(start, 'ip route add 10.0.0.0/8 dev tun0', ctx)).toMatchObject({ ok: false, unsupported: 'ip route add' });
  });

  it("sets tun0's root qdisc: pfifo (limit 0 drops all), deleted back to the default", () => {
    expect(setupAfter('tc qdisc replace dev tun0 root pfifo limit 0').qdisc).toEqual({ kind: 'pfifo', limit: 0 });
    expect(setupAfter('../common/defaults.sh').qdisc).toEqual({ kind: 'pfifo', limit: 500 });
    expect(setupAfter('tc qdisc delete dev tun0 root 2>/dev/null ; tc qdisc add dev tun0 root pfifo limit 0').qdisc).toEqual({ kind: 'pfifo', limit: 0 });
    expect(setupAfter('tc qdisc add dev tun0 root pfifo limit 0; tc qdisc delete dev tun0 root').qdisc).toBeNull();
  });

  it('reads a module parameter written with echo', () => {
    expect(runShell(start, 'echo 3 > /sys/module/tcp_cubic/parameters/hystart_detect', ctx).ok).toBe(true);
    expect(runShell(start, 'echo 1 > /sys/module/tcp_cubic/parameters/hystart_detect', ctx).ok).toBe(false);
  });
});

describe('applySysctl', () => {
  it('accepts a baseline value however it is spelled and rejects a bad profile value', () => {
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_fastopen', String(0x70403))).toBe(CALIBRATION_PROFILE);
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_wmem', '1 2')).toMatch(/not three integers/);
  });

  it('selects RACK, tail loss probes and F-RTO through the profile', () => {
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_recovery', '0')).toMatchObject({ tcpRecovery: 0 });
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_early_retrans', '0')).toMatchObject({ tcpEarlyRetrans: 0 });
    expect(applySysctl(CALIBRATION_PROFILE, 'net.ipv4.tcp_frto', '0')).toMatchObject({ tcpFrto: 0 });
  });
});
