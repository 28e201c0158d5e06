# Loopback traffic on one machine: a UDP datagram 127.0.0.1 -> 127.0.0.1, then a TCP connection on
# 127.0.0.1 that sends 5 bytes, gets them echoed, and closes (client closes first).
import socket, time
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u1.bind(('127.0.0.1', 40001))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.bind(('127.0.0.1', 40002))
u2.sendto(b'hello', ('127.0.0.1', 40001))
print('udp got', u1.recvfrom(100))
time.sleep(0.5)
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); ls.bind(('127.0.0.1', 40003)); ls.listen(1)
c = socket.socket(); c.bind(('127.0.0.1', 40004)); c.connect(('127.0.0.1', 40003))
a, _ = ls.accept()
c.sendall(b'hello')
d = a.recv(32); a.sendall(d)
print('tcp got', c.recv(16))
c.close(); time.sleep(0.2); print('server recv after close', a.recv(32)); a.close(); ls.close()
