# Bench: connect, let SIZE bytes arrive (a big SO_RCVBUF holds them), then recv(16) until all
# are read; prints "BENCH calls seconds" with the real elapsed time of the recv loop.
import os
import socket
import sys
import time

host, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.connect((host, port))
time.sleep(2)
t0 = os.times().elapsed
calls = got = 0
while got < size:
    d = s.recv(16)
    if not d:
        break
    got += len(d)
    calls += 1
print('BENCH', calls, os.times().elapsed - t0, got, flush=True)
s.close()
