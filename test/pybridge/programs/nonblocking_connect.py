# connect_ex on a non-blocking socket, select for writability, SO_ERROR: to a port nobody
# listens on, then to the echo server's; the second sends a line and reads it back.
import errno, select, socket, sys

for port in (9999, 8889):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    rc = s.connect_ex((sys.argv[1], port))
    print(port, 'connect_ex', rc, errno.errorcode.get(rc, rc))
    _, writable, _ = select.select([], [s], [], 2)
    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    print(port, 'writable' if writable else 'not writable', 'SO_ERROR', err, errno.errorcode.get(err, err))
    if err == 0:
        s.send(b'hello, non-blocking\n')
        readable, _, _ = select.select([s], [], [], 2)
        print(port, 'got', s.recv(100) if readable else None)
        try:
            s.recv(100)
        except BlockingIOError as e:
            print(port, type(e).__name__, e)
    s.close()
