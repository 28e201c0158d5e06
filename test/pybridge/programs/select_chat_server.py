# A chat room with select() (the course's progjar4 chat, one thread): every line a client sends
# goes to all the others as "name> text"; the first line of a client is its name.
import select
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', 8889))
server.listen(5)
names = {}
pending = {}
watched = [server]


def others(sock, text):
    for other in watched:
        if other is not server and other is not sock and other in names:
            other.sendall(text.encode())


while True:
    readable, _, _ = select.select(watched, [], [])
    for sock in readable:
        if sock is server:
            conn, peer = server.accept()
            watched.append(conn)
            pending[conn] = ''
            print('connection from', peer[0])
            continue
        data = sock.recv(64)
        if not data:
            print(names.get(sock, '?'), 'left')
            others(sock, f'* {names.get(sock)} left\n')
            watched.remove(sock)
            names.pop(sock, None)
            sock.close()
            continue
        pending[sock] += data.decode()
        while '\n' in pending[sock]:
            line, pending[sock] = pending[sock].split('\n', 1)
            if sock not in names:
                names[sock] = line
                print(line, 'joined;', len(names), 'in the room')
                others(sock, f'* {line} joined\n')
            else:
                print(names[sock], 'says', repr(line))
                others(sock, f'{names[sock]}> {line}\n')
