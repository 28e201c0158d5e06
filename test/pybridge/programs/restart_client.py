# The restarted server's client: a request to 8889, then two to 8890, 0.5 s apart.
import socket
import sys
import time

for port, word in ((8889, b'pertama'), (8890, b'kedua'), (8890, b'ketiga')):
    time.sleep(0.5)
    sock = socket.create_connection((sys.argv[1], port))
    sock.sendall(word)
    print(port, sock.recv(100), 'then', sock.recv(100))
    sock.close()
