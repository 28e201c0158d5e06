# Echo server whose clients are served by a ThreadPoolExecutor.
import logging
import socket
import sys
from concurrent.futures import ThreadPoolExecutor

logging.basicConfig(level=logging.INFO, format='%(message)s')


def serve(connection, address):
    with connection:
        while True:
            data = connection.recv(32)
            if not data:
                break
            connection.sendall(data)
    logging.info(f"{address} done")
    return address


port = int(sys.argv[1]) if len(sys.argv) > 1 else 8889
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('0.0.0.0', port))
    server.listen(5)
    with ThreadPoolExecutor(max_workers=4) as pool:
        while True:
            connection, address = server.accept()
            logging.info(f"connection from {address}")
            pool.submit(serve, connection, address)
