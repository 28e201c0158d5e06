# The lab's client.py with a big message: sendall everything, then recv(16) until it is all back.
# argv: SIZE_BYTES [PORT] [quiet]. "quiet" skips logging the message and each 16-byte chunk
# (the lab's client logs both; with logging the run is slower, the wire pattern the same).
import sys, os, socket, logging, time
logging.basicConfig(level=logging.INFO)
SIZE = int(sys.argv[1])
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
QUIET = len(sys.argv) > 3 and sys.argv[3] == 'quiet'
HOST = sys.argv[4] if len(sys.argv) > 4 else '172.16.16.101'
base = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ'
message = (base * (SIZE // len(base) + 1))[:SIZE]
t0 = time.monotonic()
try:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.environ.get('LAB_CC'):  # labwire ground truth only: choose the congestion control (not in the lab)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, os.environ['LAB_CC'].encode())
    server_address = (HOST, PORT)
    logging.info(f"connecting to {server_address}")
    sock.connect(server_address)
    logging.info(f"sending {message}" if not QUIET else f"sending <{SIZE} bytes>")
    sock.sendall(message.encode())
    t1 = time.monotonic()
    print(f"TIMING sendall returned after {t1 - t0:.6f} s", file=sys.stderr, flush=True)
    amount_received = 0
    amount_expected = len(message)
    chunks = 0
    while amount_received < amount_expected:
        data = sock.recv(16)
        if not data:
            break
        chunks += 1
        amount_received += len(data)
        if not QUIET:
            logging.info(f"{data}")
    print(f"TIMING received {amount_received} bytes in {chunks} recv calls, total {time.monotonic() - t0:.6f} s", file=sys.stderr, flush=True)
except Exception as ee:
    logging.info(f"ERROR: {str(ee)}")
    exit(0)
finally:
    logging.info("closing")
    sock.close()
