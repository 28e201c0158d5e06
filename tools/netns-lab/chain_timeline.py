"""What each of the server's ACKs runs, from a traced upload's trace buffer (trace.sh upload).

chain_timeline.py TRACE: one line per ACK the server (port 10000) sent after its first recv():
when it left mesin1's eth1 (µs from the first data skb the server's socket processed) and on
which CPU, then before the server's next ACK: when the client's socket took it (tcp_probe: CPU,
softirq or process context), the client's next data skb out of its eth1, when the server's
socket took that data and from where (`sirq`: as it arrived; `backlog`: at the release of a
system call that held the socket), and the server's recvfrom() around the ACK (entered,
returned; µs from the ACK). It shows where the peer's answer to an ACK runs on veth: in softirq on the
sending CPU, within the sender's system call."""
import re
import sys

LINE = re.compile(r'\s*(\S+)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+([\d.]+): (\w+):?(.*)')


def fields(rest):
    return dict(re.findall(r'(\w+)=(\S+)', rest))


def main(path):
    rows = []
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                _comm, pid, cpu, flags, ts, ev, rest = m.groups()
                if ev.startswith('sys_'):  # syscall events print `sys_NAME(args)` and `sys_NAME -> ret`
                    ev = ('enter_' if rest.startswith('(') else 'exit_') + ev[4:]
                rows.append((float(ts) * 1e6, pid, cpu, flags, ev, rest))
    t0 = next((r[0] for r in rows if r[4] == 'tcp_probe' and 'src=172.16.16.101:10000' in r[5] and 'data_len=0' not in r[5]), None)
    if t0 is None:
        sys.exit('no data skb of port 10000 in the trace')
    server = next((r[1] for r in rows if r[4] == 'enter_recvfrom'), None)
    # an skb the server sent is next received on e1m1, mesin1's bridge port
    xmits = {}
    acks = []
    for i, (ts, pid, cpu, flags, ev, rest) in enumerate(rows):
        d = fields(rest)
        if ev == 'net_dev_xmit' and d.get('dev') == 'eth1':
            xmits[d['skbaddr']] = (i, ts, pid, cpu, int(d['len']))
        elif ev == 'netif_receive_skb' and d.get('dev') == 'e1m1' and d.get('skbaddr') in xmits:
            x = xmits.pop(d['skbaddr'])
            if x[4] <= 66 and x[2] == server:
                acks.append(x)
    recvs = [(ts, ev) for ts, pid, _c, _f, ev, _r in rows if pid == server and ev in ('enter_recvfrom', 'exit_recvfrom')]
    for k, (i, ts, pid, cpu, _len) in enumerate(acks):
        until = acks[k + 1][1] if k + 1 < len(acks) else float('inf')  # the answer to this ACK, not to the next
        later = [r for r in rows[i:] if r[0] < until]
        client = next((r for r in later if r[4] == 'tcp_probe' and 'src=172.16.16.102' in r[5]), None)
        data = next((r for r in later if r[4] == 'net_dev_xmit' and fields(r[5]).get('dev') == 'eth1' and int(fields(r[5])['len']) > 66), None)
        srv = next((r for r in later if r[4] == 'tcp_probe' and 'src=172.16.16.101:10000' in r[5] and 'data_len=0' not in r[5]), None)
        entered = max((t for t, e in recvs if e == 'enter_recvfrom' and t <= ts), default=None)
        returned = min((t for t, e in recvs if e == 'exit_recvfrom' and t >= ts), default=None)
        line = f"{ts - t0:8.1f} ACK cpu{cpu}"
        if client:
            line += f" | client took it +{client[0] - ts:5.1f} cpu{client[2]} {'sirq' if 's' in client[3] else 'proc'}"
        if data:
            line += f" | its data out +{data[0] - ts:5.1f} len={int(fields(data[5])['len']) - 66} cpu{data[2]}"
        if srv:
            line += f" | server took it +{srv[0] - ts:5.1f} {'sirq' if 's' in srv[3] else 'backlog'}"
        if entered is not None and returned is not None:
            line += f" | the recvfrom() {entered - ts:+.1f}..{returned - ts:+.1f}"
        print(line)

if __name__ == '__main__':
    main(sys.argv[1])
