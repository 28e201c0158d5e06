# A server that accepts and reads nothing: clients wait in vain (timeout task).
import socket
import sys
import time

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
server.listen(1)
connection, address = server.accept()
print('connection from', address)
time.sleep(10)
