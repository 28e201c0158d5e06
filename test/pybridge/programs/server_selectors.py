# selectors echo server: DefaultSelector with each key's callback as its data.
import logging
import selectors
import socket
import sys

logging.basicConfig(level=logging.INFO)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
sel = selectors.DefaultSelector()


def read(conn):
    data = conn.recv(32)
    if data:
        logging.info(f"{conn.getpeername()} received {data}")
        conn.sendall(data)
    else:
        logging.info(f"{conn.getpeername()} closed")
        sel.unregister(conn)
        conn.close()


def accept(s):
    conn, address = s.accept()
    logging.info(f"connection from {address}")
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, read)


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', PORT))
server.listen(100)
server.setblocking(False)
sel.register(server, selectors.EVENT_READ, accept)
while True:
    for key, _ in sel.select():
        key.data(key.fileobj)
