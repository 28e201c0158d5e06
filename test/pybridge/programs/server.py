# The lab's echo server (LAB.md): recv(32) and send it back until the client closes.
import logging
import socket
import sys

logging.basicConfig(level=logging.INFO)

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_address = ('0.0.0.0', PORT)
    logging.info(f"starting up on {server_address}")
    sock.bind(server_address)
    sock.listen(1)
    while True:
        logging.info("waiting for a connection")
        connection, client_address = sock.accept()
        logging.info(f"connection from {client_address}")
        while True:
            data = connection.recv(32)
            logging.info(f"received {data}")
            if data:
                logging.info("sending back data")
                connection.sendall(data)
            else:
                break
        connection.close()
except Exception as ee:
    logging.info(f"ERROR: {str(ee)}")
finally:
    logging.info("closing")
    sock.close()
