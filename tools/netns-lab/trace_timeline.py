"""A traced bulk run's first microseconds, from the kernel's trace buffer (trace.sh bulk).

trace_timeline.py TRACE [US]: one line per event up to US µs (default 1500) after the first data
skb the server's socket (port 10000) processed: `RX sirq|proc len=…` (tcp_probe on the server's
socket: as the skb arrived, or from its backlog in the reader's process), `TXack` (the client's
socket processing an ACK), `GROW` (tcp_rcvbuf_grow's fields) and `SRV` (the server's system
calls, its user page faults counted between them)."""
import re
import sys

LINE = re.compile(r'\s*(\S+)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+([\d.]+): (\w+)(.*)')


def main(path, limit):
    rows, t0 = [], None
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            _comm, pid, _cpu, flags, ts, ev, rest = m.groups()
            ts = float(ts)
            rows.append((ts, pid, flags, ev, rest))
            if ev == 'tcp_probe' and t0 is None and 'src=172.16.16.101:10000' in rest and 'data_len=0' not in rest:
                t0 = ts
    if t0 is None:
        sys.exit('no data skb of port 10000 in the trace')
    server = next((r[1] for r in rows if r[3] == 'sys_accept4'), None)
    faults = 0
    for ts, pid, flags, ev, rest in rows:
        rel = (ts - t0) * 1e6
        if rel < -300:
            continue
        if rel > limit:
            break
        ctx = 'sirq' if 's' in flags else 'proc'
        if ev == 'tcp_probe':
            d = dict(re.findall(r'(\w+)=(\S+)', rest))
            if d['src'].endswith(':10000'):
                print(f"{rel:8.1f} RX {ctx} len={d['data_len']} wnd={d['rcv_wnd']}")
            else:
                print(f"{rel:8.1f}   TXack {ctx} cwnd={d['snd_cwnd']}")
        elif ev == 'tcp_rcvbuf_grow':
            d = dict(re.findall(r'(\w+)=(\S+)', rest))
            print(f"{rel:8.1f} GROW time={d['time']} rtt={d['rtt_us']} copied={d['copied']} inq={d['inq']} space={d['space']} rcvbuf={d['rcvbuf']}")
        elif pid == server:
            if ev == 'page_fault_user':
                faults += 1
                continue
            if faults:
                print(f"         ({faults} page faults)")
                faults = 0
            print(f"{rel:8.1f} SRV {ev}{rest[:50]}")


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1500)
