# Echo server on selectors.DefaultSelector (epoll), non-blocking sockets.
import selectors
import socket
import sys

sel = selectors.DefaultSelector()
port = int(sys.argv[1]) if len(sys.argv) > 1 else 8889


def accept(server):
    conn, addr = server.accept()
    print('accepted', addr, 'with', type(sel).__name__)
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, echo)


def echo(conn):
    data = conn.recv(32)
    if data:
        conn.send(data)
    else:
        print('closing', conn.getpeername())
        sel.unregister(conn)
        conn.close()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', port))
server.listen(100)
server.setblocking(False)
sel.register(server, selectors.EVENT_READ, accept)
while True:
    for key, mask in sel.select():
        key.data(key.fileobj)
