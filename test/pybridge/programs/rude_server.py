# A server that closes with unread data in its receive queue: Linux answers with a RST.
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
server.listen(1)
connection, address = server.accept()
first = connection.recv(8)
print('read', first, 'and closes with the rest unread')
connection.close()
