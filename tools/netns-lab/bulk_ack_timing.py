#!/usr/bin/env python3
"""bulk_ack_timing.py PCAP...: the ACK timing of a bulk-cwnd capture (mesin1's eth1, where the
server's ACKs leave and the client's data arrives), read with tshark. Per capture:
- the 16 KiB sends (a data frame of 16384 bytes, or 15928 when Minshall's check held the
  456-byte tail back because the previous send was still unacknowledged: a split);
- the ACK delay: from a data frame to the first ACK covering it, in µs (quantiles), and how many
  ACKs left later than 4 µs (sent by the woken reader, not from softirq);
- for each send after the first, the gap from the ACK of the previous send to it (µs), apart for
  the sends that split and those that did not: a send splits when its ACK came too late."""
import subprocess, sys

def frames(pcap):
    out = subprocess.run(['tshark', '-r', pcap, '-Y', 'tcp.port==10000', '-T', 'fields', '-e', 'frame.time_relative',
                          '-e', 'ip.src', '-e', 'tcp.len', '-e', 'tcp.seq', '-e', 'tcp.ack'],
                         capture_output=True, text=True, check=True).stdout
    rows = [l.split('\t') for l in out.splitlines() if l]
    return [(float(t) * 1e6, src == '172.16.16.102', int(n), int(seq), int(ack)) for t, src, n, seq, ack in rows]

def quantiles(xs, ps=(0.1, 0.25, 0.5, 0.75, 0.9, 0.99)):
    xs = sorted(xs)
    return ' '.join(f'{xs[int(len(xs) * p)]:.1f}' for p in ps) + f' max {xs[-1]:.1f}'

def first_ack(acks, end, since):
    return next((a for a in acks if a[4] >= end and a[0] >= since), None)

def report(pcap):
    rows = frames(pcap)
    data = [r for r in rows if r[1] and r[2] > 0]
    acks = [r for r in rows if not r[1] and r[2] == 0]
    delays = [a[0] - d[0] for d in data if (a := first_ack(acks, d[3] + d[2], d[0]))]
    sends = [d for d in data if d[2] in (16384, 15928)]
    split, whole = [], []
    for prev, nxt in zip(sends, sends[1:]):
        a = first_ack(acks, prev[3] + 16384, prev[0])
        if a:
            (split if nxt[2] == 15928 else whole).append(nxt[0] - a[0])
    print(f'{pcap}: {len(sends)} sends of 16 KiB, {len(split)} split')
    print(f'  ACK delay µs (q10 q25 q50 q75 q90 q99): {quantiles(delays)}; later than 4 µs: {sum(x > 4 for x in delays)} of {len(delays)}')
    if split:
        print(f'  ACK → next send, splits: {" ".join(f"{x:.1f}" for x in sorted(split))}')
    print(f'  ACK → next send, no split, smallest: {" ".join(f"{x:.1f}" for x in sorted(whole)[:8])}')

for p in sys.argv[1:]:
    report(p)
