"""IPV6_V6ONLY off (Linux's default) and on, for a listener on [::]:9100; argv[1] is 0 or 1."""
import socket
import sys

l = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
if len(sys.argv) > 1:
    l.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(sys.argv[1]))
print('v6only', l.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY))
l.bind(('::', 9100))
l.listen(2)
print('listening', l.getsockname())
try:
    l.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
except OSError as e:
    print('V6ONLY after bind:', e)
v4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    v4.bind(('0.0.0.0', 9100))
    print('0.0.0.0:9100 bound')
except OSError as e:
    print('0.0.0.0:9100:', e)
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    c.connect(('127.0.0.1', 9100))
    a, peer = l.accept()
    print('IPv4 client accepted as', peer, a.getsockname())
except OSError as e:
    print('IPv4 client:', e)
c6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
c6.connect(('::1', 9100))
a6, peer6 = l.accept()
print('IPv6 client accepted as', peer6[0], a6.getsockname())
m = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
m.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
try:
    m.connect(('::ffff:127.0.0.1', 9100))
except OSError as e:
    print('V6ONLY socket to a mapped address:', e)
try:
    socket.socket(socket.AF_INET6, socket.SOCK_STREAM).connect(('2001:db8::1', 80))
except OSError as e:
    print('2001:db8::1:', e)
