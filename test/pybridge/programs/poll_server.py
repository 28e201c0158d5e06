# A select.poll() echo server: POLLIN on the listener and the clients, POLLHUP/POLLERR noticed,
# each client's bytes echoed upper-cased; stops after its second client leaves.
import select, socket

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('0.0.0.0', 8889))
listener.listen(5)
listener.setblocking(False)
poller = select.poll()
poller.register(listener, select.POLLIN)
clients = {}
served = 0
while served < 2:
    for fd, events in poller.poll(5000):
        if fd == listener.fileno():
            conn, addr = listener.accept()
            conn.setblocking(False)
            clients[conn.fileno()] = (conn, addr)
            poller.register(conn, select.POLLIN | select.POLLPRI)
            print('connected', addr, 'fd', conn.fileno())
            continue
        conn, addr = clients[fd]
        data = conn.recv(1024) if events & select.POLLIN else b''
        if data:
            conn.sendall(data.upper())
        else:
            print('closed', addr, 'events', events)
            poller.unregister(fd)
            del clients[fd]
            conn.close()
            served += 1
listener.close()
