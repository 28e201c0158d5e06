# UDP file transfer, receiver: write datagrams to a file until the empty one.
import socket
import sys

out = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 5006
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('0.0.0.0', port))
total = 0
with open(out, 'wb') as f:
    while True:
        data, address = sock.recvfrom(2048)
        if not data:
            break
        f.write(data)
        total += len(data)
print('received', total, 'bytes from', address)
