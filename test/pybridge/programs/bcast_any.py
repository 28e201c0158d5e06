# Broadcasts to '<broadcast>' (Python's name for 255.255.255.255) and to the lab network's
# 172.16.16.255, then listens for 1 s for answers; a second machine answers each datagram.
import socket, sys

role = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
if role == 'answer':
    s.bind(('', 9300))
    s.settimeout(3)
    try:
        while True:
            data, addr = s.recvfrom(100)
            print('got', data, 'from', addr)
            s.sendto(b'hi ' + data, addr)
    except socket.timeout:
        print('no more')
else:
    s.settimeout(1)
    for dest in ('<broadcast>', '172.16.16.255'):
        s.sendto(dest.encode(), (dest, 9300))
        try:
            while True:
                data, addr = s.recvfrom(100)
                print(dest, '->', data, addr)
        except socket.timeout:
            print(dest, 'done')
