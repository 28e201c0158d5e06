# UDP receiver: print every datagram with its sender, stop after `count` of them.
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 5005
count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', port))
for _ in range(count):
    data, address = sock.recvfrom(1024)
    print(socket.gethostname(), 'got', data, 'from', address)
