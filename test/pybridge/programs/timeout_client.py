# settimeout() that expires: the server accepts but never answers.
import socket
import sys
import time

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.settimeout(2.5)
sock.connect((sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101', int(sys.argv[2]) if len(sys.argv) > 2 else 8889))
start = time.monotonic()
try:
    sock.recv(16)
except socket.timeout as e:
    print('ERROR:', e, type(e).__name__, 'after', round(time.monotonic() - start, 3))
sock.close()
