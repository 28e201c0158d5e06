# Receives an upload (the course's file-upload exercises): recv(4096) until the client's
# end of stream, then answers with the byte count and a checksum.
import socket
import zlib

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', 8889))
sock.listen(1)
conn, peer = sock.accept()
total, crc, reads = 0, 0, 0
while data := conn.recv(4096):
    total += len(data)
    crc = zlib.crc32(data, crc)
    reads += 1
print('received', total, 'bytes from', peer[0], 'crc32', hex(crc))
conn.sendall(f'OK {total} {crc:08x}\n'.encode())
conn.close()
