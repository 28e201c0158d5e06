# Bench: accept one connection and send SIZE bytes at once.
import socket
import sys

port, size = int(sys.argv[1]), int(sys.argv[2])
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
srv.bind(('127.0.0.1', port))
srv.listen(1)
print('ready', flush=True)
conn, _ = srv.accept()
conn.sendall(b'x' * size)
conn.recv(1)
