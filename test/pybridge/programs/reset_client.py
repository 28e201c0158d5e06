# Sends more than the server reads; the server's close resets the connection.
import socket
import sys
import time

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect((sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101', int(sys.argv[2]) if len(sys.argv) > 2 else 8889))
sock.sendall(b'0123456789' * 10)
time.sleep(0.5)
try:
    print('got', sock.recv(1024))
except OSError as e:
    print('ERROR:', e)
sock.close()
