# A server restarted at once after serving a client (what students meet as "Address already in
# use"). It closes its connection first (so that connection waits in TIME_WAIT here), then its
# listening socket, and listens again on the same port: on 8889, where the first server did not
# set SO_REUSEADDR, without and then with it; on 8890, where both set it.
import socket


def listen(port, reuse):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if reuse:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(('0.0.0.0', port))
    except OSError as e:
        print(port, 'SO_REUSEADDR' if reuse else 'plain', 'bind:', e)
        sock.close()
        return None
    sock.listen(1)
    print(port, 'SO_REUSEADDR' if reuse else 'plain', 'listening')
    return sock


def serve_one(sock):
    conn, peer = sock.accept()
    data = conn.recv(100)
    conn.sendall(data.upper())
    conn.close()
    sock.close()
    print('served', data, 'from', peer[0])


serve_one(listen(8889, False))
listen(8889, False)
again = listen(8889, True)
if again:
    again.close()
serve_one(listen(8890, True))
serve_one(listen(8890, True))
