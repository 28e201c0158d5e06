# The bulk transfer's client: connect, send N bytes in 16 KiB blocks, and after every block read
# TCP_INFO (what `ss -ti` shows: cwnd, bytes_acked, ssthresh, ca_state, rtt) and print it; close.
# Runs unmodified on the namespace lab and under `labwire run --py`.
import socket, struct, sys
host, port, n, cc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
except OSError as e:
    print('TCP_CONGESTION', e, flush=True)
s.connect((host, port))
block = bytes(16384)
sent = 0
print('sent bytes_acked cwnd ssthresh ca_state rtt_us unacked', flush=True)
while sent < n:
    sent += s.send(block[:min(len(block), n - sent)])
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    ca_state = info[1]
    rtt, = struct.unpack_from('I', info, 68)
    unacked, = struct.unpack_from('I', info, 24)
    ssthresh, cwnd = struct.unpack_from('II', info, 76)
    bytes_acked, = struct.unpack_from('Q', info, 120)
    print(sent, bytes_acked, cwnd, ssthresh, ca_state, rtt, unacked)
s.close()
