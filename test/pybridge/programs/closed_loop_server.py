# Thread-per-client HTTP-style server whose handler closes the connection after answering and
# then keeps calling recv() on it, swallowing the OSError (Bad file descriptor) forever — the
# course's thread-per-client HTTP server does this. On Linux the thread spins at full CPU while
# the others go on serving.
import logging
import socket
import sys
import threading


def handle(conn):
    text = ''
    while True:
        try:
            data = conn.recv(32)
            if not data:
                break
            text += data.decode()
            if text.endswith('\r\n\r\n'):
                body = b'hello\n'
                conn.sendall(b'HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
                conn.close()
        except OSError:
            pass
    conn.close()


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
server.listen(1)
while True:
    conn, addr = server.accept()
    logging.warning('connection from %s', addr)
    threading.Thread(target=handle, args=(conn,)).start()
