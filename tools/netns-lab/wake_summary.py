# wake_summary.py DIR GAPS COUNT: per gap, how long after a message's arrival at mesin1's eth1
# (the capture) the server's recv() returned with it (wake_server.py's times), in µs, as JSON:
# {"accept_us": …, "gaps": [{"gap_s": g, "wake_us": [...], "median_us": …}]}. A recv that
# returned several messages (they came closer than it woke) is one entry, for the last of them.
import json, subprocess, sys, statistics
d, gaps, count = sys.argv[1], [float(g) for g in sys.argv[2].split(',')], int(sys.argv[3])
rows = subprocess.run(['tshark', '-r', f'{d}/wake.pcap', '-Y', 'tcp.dstport==10000', '-T', 'fields',
                       '-e', 'frame.time_epoch', '-e', 'tcp.seq', '-e', 'tcp.len', '-e', 'tcp.flags.ack', '-e', 'tcp.flags.syn'],
                      capture_output=True, text=True, check=True).stdout.splitlines()
ns = lambda t: int(t.replace('.', ''))
fields = [r.split('\t') for r in rows]
handshake_ack = next(ns(f[0]) for f in fields if f[4] == '0' and f[3] == '1')
segs = [(ns(f[0]), int(f[1]), int(f[2])) for f in fields if int(f[2]) > 0]
calls = [tuple(map(int, l.split())) for l in open(f'{d}/wake.times')]
# each recv's wake: from the arrival of the segment with its last byte; it counts for the gap
# its last message was sent after (message k of the run is bytes 10k+1 … 10k+10)
by_gap, off = [[] for _ in gaps], 1
for t, n in calls[1:]:
    if n <= 0:
        break
    last = off + n - 1
    seg = next((s for s in segs if s[1] <= last < s[1] + s[2]), None)
    if seg is None:
        break
    gap = min((last - 1) // 10 // count, len(gaps) - 1)
    by_gap[gap].append(round((t - seg[0]) / 1000, 1))
    off += n
out = {'accept_us': round((calls[0][0] - handshake_ack) / 1000, 1), 'gaps': []}
for g, w in zip(gaps, by_gap):
    if w:
        out['gaps'].append({'gap_s': g, 'wake_us': w, 'median_us': statistics.median(w)})
print(json.dumps(out, indent=1))
