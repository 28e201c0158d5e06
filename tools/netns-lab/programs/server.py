# The lab's server.py (rm77/progjar progjar1/server.py) with the port taken from argv.
import sys, os, socket, logging
logging.basicConfig(level=logging.INFO)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
try:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.environ.get('LAB_CC'):  # labwire ground truth only: choose the congestion control (not in the lab)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, os.environ['LAB_CC'].encode())
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
    logging.info('closing')
    sock.close()
