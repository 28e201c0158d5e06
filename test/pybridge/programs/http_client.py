# Asks the busy server for a page and prints the answer's lines.
import socket
import sys

sock = socket.create_connection((sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101', int(sys.argv[2]) if len(sys.argv) > 2 else 8889))
sock.sendall(b'GET / HTTP/1.0\r\n\r\n')
answer = b''
while data := sock.recv(1024):
    answer += data
for line in answer.decode().split('\r\n'):
    print('>', line)
sock.close()
