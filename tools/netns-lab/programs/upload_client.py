# The upload's client: connect, sendall N bytes 4 KiB at a time, close.
# argv: HOST PORT N CC [TIMES]; TIMES, if given: a file that gets, after the close, one line per
# call, "TIME_NS BYTES" (time.time_ns() as connect (BYTES -1) and each sendall returned).
import socket, sys, time
host, port, n, cc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
times = sys.argv[5] if len(sys.argv) > 5 else None
now = time.time_ns
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
s.connect((host, port))
log = [(now(), -1)] if times else None
block = bytes(4096)
sent = 0
while sent < n:
    k = min(4096, n - sent)
    s.sendall(block[:k])
    if log is not None:
        log.append((now(), k))
    sent += k
s.close()
print(f'sent {sent}', flush=True)
if times:
    with open(times, 'w') as f:
        f.writelines(f'{t} {k}\n' for t, k in log)
