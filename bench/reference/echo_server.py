# The lab's server.py (recv(32), sendall, logging at INFO) on 127.0.0.1, port from argv;
# serves one connection and exits. Used by bench/echo.bench.ts as the real-kernel reference.
import sys, socket, logging
logging.basicConfig(level=logging.INFO)
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('127.0.0.1', int(sys.argv[1])))
sock.listen(1)
print('ready', flush=True)
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
sock.close()
