# The upload's client: connect, sendall N bytes 4 KiB at a time, close.
import socket, sys
host, port, n, cc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
s.connect((host, port))
block = bytes(4096)
sent = 0
while sent < n:
    k = min(4096, n - sent)
    s.sendall(block[:k])
    sent += k
s.close()
print(f'sent {sent}', flush=True)
