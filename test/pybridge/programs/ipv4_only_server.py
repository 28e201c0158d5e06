"""A server on 127.0.0.1 only: a client trying ::1 first gets a reset there."""
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 9000))
s.listen(1)
c, a = s.accept()
print('accepted', a, 'on', c.getsockname())
print(c.recv(100))
c.close()
