# Uploads 300 000 bytes with one sendall(), says it is done with shutdown(SHUT_WR), and prints
# the server's answer.
import socket
import sys
import zlib

payload = bytes((i * 7 + (i >> 10)) % 256 for i in range(300_000))
sock = socket.create_connection((sys.argv[1], 8889))
sock.sendall(payload)
sock.shutdown(socket.SHUT_WR)
print('sent', len(payload), 'crc32', hex(zlib.crc32(payload)))
print('answer', sock.recv(100))
sock.close()
