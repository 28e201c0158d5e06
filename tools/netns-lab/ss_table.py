#!/usr/bin/env python3
"""ss_table.py FILE...: one row per stalled run from the *.ss.txt files record.sh writes: the first
snapshot's Recv-Q/Send-Q and the skmem/tcp_info fields of the server (mesin1) and client (mesin2) socket."""
import re, sys

FIELDS = ('Recv-Q', 'Send-Q', 'rb', 'tb', 'r', 'w', 'rcv_space', 'rcv_ssthresh', 'cwnd', 'notsent',
          'bytes_received', 'bytes_acked', 'wscale', 'cc')

def parse(text):
    snap = text.split('\n== ')[0]            # first snapshot only
    out = {}
    for host, block in re.findall(r'-- (mesin\d) ss -tmi\n(.*?)(?=\n-- |\Z)', snap, re.S):
        m = re.search(r'ESTAB\s+(\d+)\s+(\d+)', block)
        if not m:
            continue
        d = {'Recv-Q': m.group(1), 'Send-Q': m.group(2)}
        sk = re.search(r'skmem:\(([^)]*)\)', block)
        if sk:
            for kv in sk.group(1).split(','):
                k, v = re.match(r'([a-z]+)(\d+)', kv).groups()
                d[k] = v
        for k in ('rcv_space', 'rcv_ssthresh', 'cwnd', 'notsent', 'bytes_received', 'bytes_acked', 'wscale'):
            m2 = re.search(r'\b%s:([\d,]+)' % k, block)
            if m2:
                d[k] = m2.group(1)
        m3 = re.search(r'\) (bbr|cubic|reno)\b', block)
        d['cc'] = m3.group(1) if m3 else ''
        out[host] = d
    return out

print('| run | host | ' + ' | '.join(FIELDS) + ' |')
print('|---|---|' + '---|' * len(FIELDS))
for f in sys.argv[1:]:
    run = f.rsplit('/', 1)[-1].replace('.ss.txt', '')
    for host, d in sorted(parse(open(f).read()).items()):
        role = 'server' if host == 'mesin1' else 'client'
        print(f'| {run} | {host} ({role}) | ' + ' | '.join(d.get(k, '') for k in FIELDS) + ' |')
