# An edge-triggered epoll echo server: each EPOLLIN edge drains the socket until BlockingIOError.
import select, socket

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('0.0.0.0', 8889))
listener.listen(5)
listener.setblocking(False)
ep = select.epoll()
ep.register(listener.fileno(), select.EPOLLIN | select.EPOLLET)
conns = {}
done = 0
while done < 2:
    for fd, ev in ep.poll(5):
        if fd == listener.fileno():
            while True:
                try:
                    c, a = listener.accept()
                except BlockingIOError:
                    break
                c.setblocking(False)
                conns[c.fileno()] = c
                ep.register(c.fileno(), select.EPOLLIN | select.EPOLLRDHUP | select.EPOLLET)
                print('accepted', a)
            continue
        c = conns[fd]
        closed = False
        while True:
            try:
                d = c.recv(7)
            except BlockingIOError:
                break
            if not d:
                closed = True
                break
            c.send(d)
        if closed or ev & select.EPOLLRDHUP:
            print('bye', fd, 'rdhup' if ev & select.EPOLLRDHUP else '')
            ep.unregister(fd)
            c.close()
            del conns[fd]
            done += 1
ep.close()
listener.close()
