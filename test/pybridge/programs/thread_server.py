# Thread-per-client echo server in the course's class style: a Server thread accepts, and
# each client gets a ClientHandler thread that echoes until the client closes.
import logging
import socket
import sys
import threading

logging.basicConfig(level=logging.INFO, format='%(threadName)s %(message)s')


class ClientHandler(threading.Thread):
    def __init__(self, connection, address):
        self.connection = connection
        self.address = address
        threading.Thread.__init__(self)

    def run(self):
        while True:
            data = self.connection.recv(32)
            if data:
                logging.info(f"from {self.address}: {data!r}")
                self.connection.sendall(data)
            else:
                break
        self.connection.close()
        logging.info(f"{self.address} done")


class Server(threading.Thread):
    def __init__(self, port):
        self.port = port
        self.handlers = []
        self.my_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.my_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        threading.Thread.__init__(self)

    def run(self):
        self.my_socket.bind(('0.0.0.0', self.port))
        self.my_socket.listen(5)
        while True:
            connection, address = self.my_socket.accept()
            logging.info(f"connection from {address}")
            handler = ClientHandler(connection, address)
            handler.start()
            self.handlers.append(handler)


if __name__ == '__main__':
    Server(int(sys.argv[1]) if len(sys.argv) > 1 else 8889).start()
