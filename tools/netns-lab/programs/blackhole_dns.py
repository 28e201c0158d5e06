# A resolver that never answers: binds UDP 10.255.255.254:53 and drops every query (logs arrival times).
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('10.255.255.254', 53))
while True:
    d, a = s.recvfrom(4096)
    print(f"{time.time():.6f} from {a} id=0x{d[0]:02x}{d[1]:02x} len={len(d)}", flush=True)
