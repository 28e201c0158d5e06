# Reads the framed messages with MSG_WAITALL for the header and recv_into a preallocated buffer
# for the body, then says how many it got.
import socket, struct, sys

sock = socket.create_connection((sys.argv[1], 9100))
for _ in range(5):
    header = sock.recv(4, socket.MSG_WAITALL)
    (n,) = struct.unpack('!I', header)
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        got += sock.recv_into(view[got:], n - got)
    print(n, bytes(buf[:12]), bytes(buf[-10:]))
sock.sendall(b'got 5')
print('end:', sock.recv(10))
sock.close()
