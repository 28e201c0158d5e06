# IP multicast sender: three datagrams to 224.1.1.1:5007 with IP_MULTICAST_TTL 2, half a second apart.
import socket
import time

GROUP, PORT = '224.1.1.1', 5007
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print('defaults: ttl', sock.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL),
      'loop', sock.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP),
      'if', socket.inet_ntoa(sock.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, 4)))
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)
print('ttl now', sock.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL))
for i in range(3):
    sock.sendto(f'multicast {i}'.encode(), (GROUP, PORT))
    print('sent', i)
    time.sleep(0.5)
sock.close()
