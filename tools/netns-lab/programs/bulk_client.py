# The bulk transfer's client: connect, send N bytes in 16 KiB blocks, and after every block read
# TCP_INFO (what `ss -ti` shows: cwnd, bytes_acked, ssthresh, ca_state, rtt) and print it; close.
# argv: HOST PORT N CC [TIMES]; TIMES, if given: a file that gets, after the close, one line per
# block, "SEND_NS INFO_NS BYTES" (time.time_ns(), the capture's clock, as send() and then
# getsockopt(TCP_INFO) returned; connect's line has BYTES -1), kept in a list until then.
# Runs unmodified on the namespace lab and under `labwire run --py`.
import socket, struct, sys, time
host, port, n, cc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
times = sys.argv[5] if len(sys.argv) > 5 else None
now = time.time_ns
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
except OSError as e:
    print('TCP_CONGESTION', e, flush=True)
s.connect((host, port))
log = [(now(), 0, -1)] if times else None
block = bytes(16384)
sent = 0
print('sent bytes_acked cwnd ssthresh ca_state rtt_us unacked', flush=True)
while sent < n:
    k = s.send(block[:min(len(block), n - sent)])
    t = now() if times else 0
    sent += k
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    if log is not None:
        log.append((t, now(), k))
    ca_state = info[1]
    rtt, = struct.unpack_from('I', info, 68)
    unacked, = struct.unpack_from('I', info, 24)
    ssthresh, cwnd = struct.unpack_from('II', info, 76)
    bytes_acked, = struct.unpack_from('Q', info, 120)
    print(sent, bytes_acked, cwnd, ssthresh, ca_state, rtt, unacked)
s.close()
if times:
    with open(times, 'w') as f:
        f.writelines(f'{a} {b} {k}\n' for a, b, k in log)
