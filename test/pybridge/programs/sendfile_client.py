# Image client: socket.sendfile() the file, shut down writing, save the echo to a new file.
import socket
import sys

src, dst = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect((sys.argv[3] if len(sys.argv) > 3 else '172.16.16.101', int(sys.argv[4]) if len(sys.argv) > 4 else 8889))
with open(src, 'rb') as f:
    sent = sock.sendfile(f)
sock.shutdown(socket.SHUT_WR)
with open(dst, 'wb') as out:
    while data := sock.recv(4096):
        out.write(data)
print('sent', sent, 'bytes')
sock.close()
