#!/usr/bin/env python3
"""netem_summary.py DIR > summary.json: for each case in DIR/cases.tsv and each end (sender:
after gtna's qdisc; receiver: on arrival at gtnb), the delay of each datagram from its stamp to
its capture: count, mean and standard deviation (population), quantiles, and the share that a
later datagram overtook. Delays in µs."""
import json, os, struct, sys

def datagrams(path):
    """(capture time ns, seq, stamp ns) of the UDP datagrams in an Ethernet pcap (ns)"""
    data = open(path, 'rb').read()
    off, out = 24, []
    while off + 16 <= len(data):
        sec, nsec, caplen, _ = struct.unpack('<IIII', data[off:off + 16])
        d = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if d[12:14] == b'\x08\x00' and d[23] == 17 and len(d) >= 58:
            ihl = (d[14] & 15) * 4
            seq, stamp = struct.unpack('>QQ', d[14 + ihl + 8:14 + ihl + 24])
            out.append((sec * 10**9 + nsec, seq, stamp))
    return out

def stats(rows):
    delays = sorted((t - stamp) / 1000 for t, _, stamp in rows)
    n = len(delays)
    mean = sum(delays) / n
    sd = (sum((x - mean) ** 2 for x in delays) / n) ** 0.5
    q = lambda p: delays[min(n - 1, int(p * n))]
    seqs = [seq for _, seq, _ in rows]
    overtaken = sum(1 for a, b in zip(seqs, seqs[1:]) if b < a)
    return {'count': n, 'mean_us': round(mean, 2), 'sd_us': round(sd, 2), 'min_us': round(delays[0], 2),
            'p01_us': round(q(0.01), 2), 'p50_us': round(q(0.5), 2), 'p99_us': round(q(0.99), 2), 'max_us': round(delays[-1], 2),
            'out_of_order': round(overtaken / max(1, n - 1), 4)}

folder = sys.argv[1]
cases = []
for line in open(os.path.join(folder, 'cases.tsv')):
    name, _, netem = line.rstrip('\n').partition('\t')
    entry = {'name': name, 'netem': netem}
    for end in ('sender', 'receiver'):
        path = os.path.join(folder, f'{name}.{end}.pcap')
        if os.path.exists(path):
            entry[end] = stats(datagrams(path))
    cases.append(entry)
params = json.load(open(os.path.join(folder, 'params.json')))
print(json.dumps({**params, 'cases': cases}, indent=1))
