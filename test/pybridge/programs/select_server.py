# Echo server with select(): one thread, every socket in the read list.
import select
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8889
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', port))
server.listen(5)
inputs = [server]
while True:
    readable, _, _ = select.select(inputs, [], [])
    for s in readable:
        if s is server:
            client, address = server.accept()
            print('connection from', address)
            inputs.append(client)
        else:
            data = s.recv(32)
            if data:
                s.sendall(data)
            else:
                print('closed', s.getpeername())
                inputs.remove(s)
                s.close()
