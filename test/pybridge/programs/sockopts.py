# Prints what a student would ask a socket: buffer sizes (Linux doubles what you set), MSS,
# options, names before and after connect. The server side is the lab's echo server.
import socket, sys

def show(sock, what):
    g = sock.getsockopt
    print(what, 'rcvbuf', g(socket.SOL_SOCKET, socket.SO_RCVBUF), 'sndbuf', g(socket.SOL_SOCKET, socket.SO_SNDBUF),
          'maxseg', g(socket.IPPROTO_TCP, socket.TCP_MAXSEG), 'nodelay', g(socket.IPPROTO_TCP, socket.TCP_NODELAY),
          'keepalive', g(socket.SOL_SOCKET, socket.SO_KEEPALIVE), 'ttl', g(socket.IPPROTO_IP, socket.IP_TTL),
          'type', g(socket.SOL_SOCKET, socket.SO_TYPE), 'error', g(socket.SOL_SOCKET, socket.SO_ERROR))

s = socket.socket()
show(s, 'new')
print('name', s.getsockname())
try:
    s.getpeername()
except OSError as e:
    print('peer', type(e).__name__, e)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 32)
show(s, 'set')
s.connect((sys.argv[1], 9000))
show(s, 'connected')
print('peer', s.getpeername(), 'name ip', s.getsockname()[0])
s.sendall(b'hello')
s.shutdown(socket.SHUT_WR)
print(s.recv(100))
s.close()
try:
    s.fileno(), s.getsockname()
except OSError as e:
    print('after close', type(e).__name__, e)
print(repr(s))
