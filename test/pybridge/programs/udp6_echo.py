"""UDP over ::1: an echo on [::]:10000, then a datagram to a closed port (ICMPv6 port unreachable)."""
import socket

srv = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
srv.bind(('::', 10000))
cli = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
cli.settimeout(2)
for m in (b'ping over udp', b'second datagram'):
    cli.sendto(m, ('::1', 10000))
    d, a = srv.recvfrom(2048)
    print('server got', d, 'from', a[0], len(a))
    srv.sendto(d, a)
    print('client got', cli.recvfrom(2048))
cli.connect(('::1', 10001))
cli.send(b'nobody listens')
try:
    cli.recv(100)
except OSError as e:
    print('closed port:', e)
