# Sends 60 numbered datagrams of 1000 bytes as fast as it can.
import socket, sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(60):
    s.sendto(b'%08d' % i + b'.' * 992, (sys.argv[1], 9200))
print('sent 60')
