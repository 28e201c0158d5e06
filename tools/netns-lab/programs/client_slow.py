# The lab's client.py, but it waits HOLD seconds after connect() before sending (argv: PORT HOLD).
# Used to make one client hold the iterative server while another connects (listen(1) backlog).
import sys, socket, logging, time
logging.basicConfig(level=logging.INFO)
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
HOLD = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
try:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_address = ('172.16.16.101', PORT)
    logging.info(f"connecting to {server_address}")
    sock.connect(server_address)
    time.sleep(HOLD)
    message = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ'
    logging.info(f"sending {message}")
    sock.sendall(message.encode())
    amount_received = 0
    amount_expected = len(message)
    while amount_received < amount_expected:
        data = sock.recv(16)
        amount_received += len(data)
        logging.info(f"{data}")
except Exception as ee:
    logging.info(f"ERROR: {str(ee)}")
    exit(0)
finally:
    logging.info("closing")
    sock.close()
