# A raw-socket HTTP/1.1 client keeping one connection for three requests: the page, the binary
# file (its length and a checksum), then a missing page with "Connection: close"; each answer
# read by Content-Length, the head by recv(512) until the blank line.
import socket
import sys
import zlib

host = sys.argv[1]
sock = socket.create_connection((host, 8889))
buffered = b''


def request(path, close=False):
    global buffered
    extra = 'Connection: close\r\n' if close else ''
    sock.sendall(f'GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: progjar/1.0\r\n{extra}\r\n'.encode())
    while b'\r\n\r\n' not in buffered:
        buffered += sock.recv(512)
    head, buffered = buffered.split(b'\r\n\r\n', 1)
    lines = head.decode().split('\r\n')
    headers = dict(line.split(': ', 1) for line in lines[1:])
    length = int(headers['Content-Length'])
    while len(buffered) < length:
        buffered += sock.recv(512)
    body, buffered = buffered[:length], buffered[length:]
    print(lines[0], '|', headers['Content-Type'], '|', headers['Connection'])
    return body


page = request('/')
print(page.decode().splitlines()[2])
logo = request('/logo.bin')
print('logo.bin', len(logo), 'bytes, crc32', hex(zlib.crc32(logo)))
print(request('/missing.html', close=True))
print('server closed' if sock.recv(512) == b'' else 'more data?')
sock.close()
