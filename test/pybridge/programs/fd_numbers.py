"""Sockets and files share one fd numbering, and os-level calls work on a socket's fd.

Prints only what Linux decides (fd numbers, flags, errors), so its output is the same run
under labwire and run directly by the host's python3 (the test compares the two).
"""
import fcntl
import os
import select
import socket

s = socket.socket()
print('first socket', s.fileno(), s)
f = open(__file__)
print('a file opened next', f.fileno())
t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print('a socket after the file', t.fileno())
s.close()
u = socket.socket()
print('the lowest free number again', u.fileno())
ep = select.epoll()
print('epoll', ep.fileno())
print('the file still reads its own first line:', f.readline().strip())
print('F_GETFL', fcntl.fcntl(u, fcntl.F_GETFL) & (os.O_NONBLOCK | os.O_ACCMODE))
u.settimeout(1)
print('F_GETFL with a timeout', fcntl.fcntl(u.fileno(), fcntl.F_GETFL) & os.O_NONBLOCK != 0)
print('F_GETFD', fcntl.fcntl(u.fileno(), fcntl.F_GETFD))
print('blocking', os.get_blocking(t.fileno()))
os.set_blocking(t.fileno(), False)
print('blocking after os.set_blocking', os.get_blocking(t.fileno()), t.gettimeout())
try:
    t.recvfrom(10)
except BlockingIOError as e:
    print('recvfrom', e)
t.setblocking(True)
print('setblocking(True) clears it', os.get_blocking(t.fileno()))
d = os.dup(t.fileno())
print('os.dup', d)
os.close(d)
a, b = socket.socketpair()
print('socketpair', a.fileno(), b.fileno())
c = a.dup()
print('dup', c.fileno(), c.type == a.type)
g = socket.fromfd(b.fileno(), socket.AF_UNIX, socket.SOCK_STREAM)
print('fromfd', g.fileno())
os.write(a.fileno(), b'os.write ')
c.sendall(b'dup ')
a.close()
print('the dup keeps it open', os.read(g.fileno(), 100))
c.close()
print('closed with its last fd', g.recv(10), b.recv(10))
