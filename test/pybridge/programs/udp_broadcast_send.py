# UDP broadcast on progjar-network: three datagrams to 172.16.16.255.
import socket
import sys
import time

port = int(sys.argv[1]) if len(sys.argv) > 1 else 5005
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
for i in range(3):
    sock.sendto(f'broadcast {i}'.encode(), ('172.16.16.255', port))
    print('sent', i)
    time.sleep(0.5)
sock.close()
