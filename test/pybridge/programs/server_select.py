# select() echo server (the course's progjar4 style): one thread, the listener and every client
# in the read list.
import logging
import select
import socket
import sys

logging.basicConfig(level=logging.INFO)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', PORT))
server.listen(5)
inputs = [server]
while True:
    readable, _, _ = select.select(inputs, [], [])
    for s in readable:
        if s is server:
            client, address = server.accept()
            logging.info(f"connection from {address}")
            inputs.append(client)
            continue
        data = s.recv(32)
        if data:
            logging.info(f"{s.getpeername()} received {data}")
            s.sendall(data)
        else:
            logging.info(f"{s.getpeername()} closed")
            inputs.remove(s)
            s.close()
