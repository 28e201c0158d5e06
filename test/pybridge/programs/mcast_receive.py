# IP multicast receiver: joins 224.1.1.1 on the default interface, prints three datagrams, leaves.
# With `other`, a second socket on the same port that joins nothing shows what Linux gives it
# (IP_MULTICAST_ALL is on by default), and the membership calls' errors are printed.
import socket
import struct
import sys
import time

GROUP, PORT = '224.1.1.1', 5007


def mreq(group, interface='0.0.0.0'):
    return struct.pack('4s4s', socket.inet_aton(group), socket.inet_aton(interface))


def member_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('', PORT))
    return s


def attempt(what, sock, option, value):
    try:
        sock.setsockopt(socket.IPPROTO_IP, option, value)
        print(what, 'ok')
    except OSError as e:
        print(what, e)


other = len(sys.argv) > 1 and sys.argv[1] == 'other'
sock = member_socket()
sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq(GROUP))
if other:
    bystander = member_socket()
    attempt('second join:', sock, socket.IP_ADD_MEMBERSHIP, mreq(GROUP))
    attempt('unicast group:', sock, socket.IP_ADD_MEMBERSHIP, mreq('172.16.16.1'))
    attempt('unknown interface:', sock, socket.IP_ADD_MEMBERSHIP, mreq('224.1.1.3', '10.9.9.9'))
    attempt('drop not joined:', sock, socket.IP_DROP_MEMBERSHIP, mreq('224.1.1.2'))
for _ in range(3):
    data, address = sock.recvfrom(1024)
    print(socket.gethostname(), 'got', data, 'from', address)
if other:
    time.sleep(0.2)
    bystander.setblocking(False)
    while True:
        try:
            data, address = bystander.recvfrom(1024)
        except BlockingIOError:
            print('bystander: nothing more')
            break
        print('bystander got', data, 'from', address)
    bystander.close()
sock.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, mreq(GROUP))
sock.close()
