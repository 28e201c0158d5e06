# progjar2's broadcast sender in spirit: a loop that sends datagrams and never waits.
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n = 0
while True:
    n += 1
    sock.sendto(f'datagram {n}'.encode(), ('127.0.0.1', 5005))
    print('sent', n)
