# A select() echo server in asyncore's manner: every connection stays in the write list (as
# asyncore.dispatcher.writable() answers True), so while a client is connected select()
# returns at once, again and again, and the loop spins on "unhandled write events".
import select
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
server.listen(5)
connections = []
spins = 0
while True:
    readable, writable, _ = select.select([server] + connections, connections, [], 30.0)
    for s in readable:
        if s is server:
            conn, addr = server.accept()
            print('connection from', addr)
            connections.append(conn)
            continue
        data = s.recv(32)
        if data:
            s.sendall(data)
        else:
            connections.remove(s)
            s.close()
            print('closed after', 'many' if spins > 1000 else spins, 'idle turns')
    if writable and not readable:
        spins += 1
