# A slow UDP reader with a small receive buffer: it sleeps while 60 datagrams of 1000 bytes
# arrive, then counts what the kernel kept (the rest was dropped: sk_rcvbuf counts each
# datagram's truesize), peeking at the first.
import socket, time

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
print('rcvbuf', s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
s.bind(('0.0.0.0', 9200))
time.sleep(2)
data, addr = s.recvfrom(2000, socket.MSG_PEEK)
print('peek', len(data), data[:8])
s.setblocking(False)
got = []
while True:
    try:
        data, addr = s.recvfrom(2000)
    except BlockingIOError:
        break
    got.append(int(data[:8]))
print('kept', len(got), 'first', got[:1], 'last', got[-1:])
