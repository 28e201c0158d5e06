# A client for the echo servers: send a few messages, read each echo fully, close.
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101'
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8889
name = socket.gethostname()
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect((host, port))
for i in range(3):
    message = f'{name} message {i}'.encode()
    sock.sendall(message)
    received = b''
    while len(received) < len(message):
        received += sock.recv(16)
    print(f'echo {received!r} at port {sock.getsockname()[1]}')
sock.close()
