# Thread-per-client echo server (the course's progjar3 style): accept in the main thread,
# a threading.Thread per connection echoing recv(32) until the client closes.
import logging
import socket
import sys
import threading

logging.basicConfig(level=logging.INFO)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000


def serve(connection, address):
    while True:
        data = connection.recv(32)
        if not data:
            break
        logging.info(f"{address} received {data}")
        connection.sendall(data)
    connection.close()
    logging.info(f"{address} closed")


sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', PORT))
sock.listen(5)
while True:
    connection, address = sock.accept()
    logging.info(f"connection from {address}")
    threading.Thread(target=serve, args=(connection, address), name=f'client-{address[1]}').start()
