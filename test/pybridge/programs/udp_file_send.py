# UDP file transfer, sender: the file in 1024-byte datagrams, then an empty one as the end.
import socket
import sys

path, host = sys.argv[1], sys.argv[2]
port = int(sys.argv[3]) if len(sys.argv) > 3 else 5006
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
with open(path, 'rb') as f:
    sent = 0
    while chunk := f.read(1024):
        sock.sendto(chunk, (host, port))
        sent += len(chunk)
sock.sendto(b'', (host, port))
print('sent', sent, 'bytes')
