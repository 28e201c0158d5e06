#!/usr/bin/env python3
"""Timing of iputils ping runs recorded by ping-pair.sh: ping_summary.py DIR > summary.json

Per run, from run*.ping.txt and the two eth1 captures (pcap, ns): the printed round trips,
the intervals between echo requests on mesin1's wire, the `time` line, each request's send
path (its wire time minus the struct timeval ping stamped in its payload just before sendto),
the wire round trip (reply minus request on mesin1's eth1), mesin2's neighbour re-probe
(its unicast who-has minus the first, broadcast, who-has on mesin2's eth1), and where the
timer-driven events fall on Unix time modulo 4, 32 and 256 ms (the jiffy wheel's edges at
HZ=250: levels 0, 1 and 2). Then the ranges over all runs."""
import glob, json, os, re, struct, sys

def frames(path):
    data = open(path, 'rb').read()
    ns = struct.unpack('<I', data[:4])[0] == 0xa1b23c4d
    off, out = 24, []
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack('<IIII', data[off:off + 16])
        out.append((sec + frac / (1e9 if ns else 1e6), data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return out

def icmp(frames_):
    """(time, type, seq, stamp) of the echo requests/replies: Ethernet, IPv4 without options."""
    for t, d in frames_:
        if d[12:14] == b'\x08\x00' and d[23] == 1 and d[34] in (0, 8):
            sec, usec = struct.unpack('<QQ', d[42:58])
            yield t, d[34], struct.unpack('>H', d[40:42])[0], sec + usec / 1e6

def who_has(frames_):
    """(time, broadcast?) of ARP requests"""
    for t, d in frames_:
        if d[12:14] == b'\x08\x06' and d[20:22] == b'\x00\x01':
            yield t, d[0:6] == b'\xff' * 6

def run(prefix):
    text = open(prefix + '.ping.txt').read()
    rtts = [float(x) for x in re.findall(r'time=([0-9.]+) ms', text)]
    total = int(re.search(r'time (\d+)ms', text).group(1))
    m1 = list(icmp(frames(prefix + '.mesin1-eth1.pcap')))
    req = {s: (t, st) for t, ty, s, st in m1 if ty == 8}
    rep = {s: t for t, ty, s, _ in m1 if ty == 0}
    seqs = sorted(req)
    arp2 = list(who_has(frames(prefix + '.mesin2-eth1.pcap')))
    first = next(t for t, b in arp2 if b)
    probes = [t for t, b in arp2 if not b]
    return {
        'rtt_ms': rtts, 'time_ms': total,
        'interval_s': [round(req[b][0] - req[a][0], 6) for a, b in zip(seqs, seqs[1:])],
        'send_path_us': [round((req[s][0] - req[s][1]) * 1e6, 1) for s in seqs],
        'wire_rtt_us': [round((rep[s] - req[s][0]) * 1e6, 1) for s in seqs if s in rep],
        'reprobe_s': [round(p - first, 6) for p in probes],
        'probe_mod_256ms': [round(p % 0.256 * 1e3, 3) for p in probes],
        'send_mod_32ms': [round(req[s][0] % 0.032 * 1e3, 3) for s in seqs[1:]],
    }

def span(values):
    return [min(values), max(values)] if values else None

def main(folder):
    runs = {os.path.basename(p)[:-len('.ping.txt')]: run(p[:-len('.ping.txt')]) for p in sorted(glob.glob(os.path.join(folder, 'run*.ping.txt')))}
    every = lambda k: [v for r in runs.values() for v in r[k]]
    ranges = {k: span(every(k)) for k in ('rtt_ms', 'interval_s', 'send_path_us', 'wire_rtt_us', 'reprobe_s', 'probe_mod_256ms', 'send_mod_32ms')}
    ranges['time_ms'] = span([r['time_ms'] for r in runs.values()])
    print(json.dumps({'runs': runs, 'ranges': ranges}, indent=1))

main(sys.argv[1])
