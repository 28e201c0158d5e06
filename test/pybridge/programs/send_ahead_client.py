# Sends every way the bridge may answer in the child or not: small sendall/send chunks on a small
# send buffer (answered in the child while the known room holds them), writes bigger than the
# room (requests that wait for ACKs), reads of the echo in between, then shutdown(SHUT_WR), the
# rest of the echo, and a send after the shutdown (BrokenPipeError).
import logging
import socket
import sys

logging.basicConfig(level=logging.INFO)
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
s.connect((host, port))
sent = got = 0


def read_back(upto):
    global got
    while got < upto:
        d = s.recv(1000)
        got += len(d)
        logging.info(f'got {len(d)}')


for i in range(120):
    chunk = bytes([65 + i % 26]) * (7 + i % 50)
    if i % 3:
        s.sendall(chunk)
        n = len(chunk)
    else:
        n = s.send(chunk)
    sent += n
    if i % 30 == 29:
        s.sendall(b'z' * 20000)
        sent += 20000
        read_back(sent - 5000)
s.shutdown(socket.SHUT_WR)
while d := s.recv(4096):
    got += len(d)
print('sent', sent, 'echoed', got)
try:
    s.send(b'late')
except OSError as e:
    print('ERROR:', e)
s.close()
