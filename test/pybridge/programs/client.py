# The lab's echo client (LAB.md): send 46 bytes, read the echo back 16 bytes at a time.
import logging
import socket
import sys

logging.basicConfig(level=logging.INFO)

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    server_address = ('172.16.16.101', PORT)
    logging.info(f"connecting to {server_address}")
    sock.connect(server_address)
    message = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ'
    logging.info(f"sending {message}")
    sock.sendall(message.encode())
    amount_received = 0
    amount_expected = len(message)
    while amount_received < amount_expected:
        data = sock.recv(16)
        amount_received += len(data)
        logging.info(f"{data}")
        if not data:
            break
except Exception as ee:
    logging.info(f"ERROR: {str(ee)}")
finally:
    logging.info("closing")
    sock.close()
