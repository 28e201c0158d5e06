# HTTP/1.1 over raw sockets, a thread per connection (the course's progjar5 style): answers
# GET / (a small HTML page) and GET /logo.bin (2500 binary bytes) with Content-Type and
# Content-Length, keeps the connection open until the client asks "Connection: close", 404
# for anything else. It reads the request head with recv(1024) until the blank line.
import socket
import sys
import threading

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8889
PAGE = '<!DOCTYPE html>\n<html><head><title>progjar</title></head>\n<body><h1>Halo dari mesin1</h1><img src="/logo.bin"></body></html>\n'.encode()
FILES = {
    '/': ('text/html; charset=utf-8', PAGE),
    '/logo.bin': ('application/octet-stream', bytes((i * 31 + 7) % 256 for i in range(2500))),
}


def answer(path):
    if path not in FILES:
        body = b'not found\n'
        return 'HTTP/1.1 404 Not Found', 'text/plain', body
    kind, body = FILES[path]
    return 'HTTP/1.1 200 OK', kind, body


def serve(conn, peer):
    pending = b''
    while True:
        while b'\r\n\r\n' not in pending:
            data = conn.recv(1024)
            if not data:
                print(peer[0], 'went away', flush=True)
                conn.close()
                return
            pending += data
        head, pending = pending.split(b'\r\n\r\n', 1)
        lines = head.decode('ascii').split('\r\n')
        method, path, version = lines[0].split(' ')
        headers = {k.lower(): v.strip() for k, v in (h.split(':', 1) for h in lines[1:])}
        status, kind, body = answer(path)
        close = headers.get('connection', '').lower() == 'close'
        reply = f'{status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\nConnection: {"close" if close else "keep-alive"}\r\n\r\n'
        conn.sendall(reply.encode() + body)
        print(peer[0], method, path, status.split(' ', 1)[1], len(body), flush=True)
        if close:
            conn.close()
            return


sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('', PORT))
sock.listen(5)
while True:
    conn, peer = sock.accept()
    threading.Thread(target=serve, args=(conn, peer), daemon=True).start()
