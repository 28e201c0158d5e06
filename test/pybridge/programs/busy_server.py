# HTTP-style server that never blocks: a busy loop over non-blocking accept and recv.
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
server.listen(5)
server.setblocking(False)
clients = []
while True:
    try:
        conn, addr = server.accept()
        conn.setblocking(False)
        clients.append(conn)
        print('connection from', addr)
    except BlockingIOError:
        pass
    for conn in list(clients):
        try:
            request = conn.recv(1024)
        except BlockingIOError:
            continue
        if request:
            body = b'hello from the busy server\n'
            conn.sendall(b'HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
        clients.remove(conn)
        conn.close()
