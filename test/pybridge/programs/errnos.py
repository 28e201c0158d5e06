# The mistakes students make with sockets, one after another, and what Linux answers to each
# (errno and text). argv[1] is the server (echo on 8889); nothing listens on 8890.
import socket
import sys

server = sys.argv[1]


def attempt(what, call):
    try:
        result = call()
        print(what, '->', 'ok' if result is None else result)
    except OSError as e:
        print(what, '->', type(e).__name__, e)


tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
attempt('recv before connect', lambda: tcp.recv(10))
attempt('send before connect', lambda: tcp.send(b'x'))
attempt('getpeername before connect', tcp.getpeername)
attempt('shutdown before connect', lambda: tcp.shutdown(socket.SHUT_RDWR))
attempt('accept without listen', tcp.accept)
attempt('bind to a foreign address', lambda: tcp.bind(('10.9.9.9', 0)))
tcp.bind(('0.0.0.0', 8889))
attempt('bind twice', lambda: tcp.bind(('0.0.0.0', 8888)))
other = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
attempt('bind a bound port', lambda: other.bind(('0.0.0.0', 8889)))
tcp.listen(1)
attempt('connect a listening socket', lambda: tcp.connect((server, 8889)))
tcp.close()
attempt('recv on a closed socket', lambda: tcp.recv(10))
attempt('connect to localhost:8890', lambda: other.connect(('127.0.0.1', 8890)))
other.close()

sock = socket.create_connection((server, 8889))
attempt('connect again', lambda: sock.connect((server, 8889)))
attempt('recv MSG_DONTWAIT with nothing there', lambda: sock.recv(10, socket.MSG_DONTWAIT))
attempt('sendto on a connected TCP socket', lambda: sock.sendto(b'hello\n', (server, 9)))
print('echoed', sock.recv(10))
attempt('listen on a connected socket', lambda: sock.listen(1))
sock.shutdown(socket.SHUT_WR)
attempt('send after shutdown', lambda: sock.send(b'x'))
print('end of stream', sock.recv(10))
sock.close()

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
attempt('sendto broadcast without SO_BROADCAST', lambda: udp.sendto(b'x', ('255.255.255.255', 5005)))
attempt('sendto 70000 bytes', lambda: udp.sendto(bytes(70000), (server, 5005)))
attempt('send on an unconnected UDP socket', lambda: udp.send(b'x'))
udp.settimeout(0.2)
attempt('recvfrom with a timeout', lambda: udp.recvfrom(100))
attempt('UDP listen', lambda: udp.listen(1))
udp.close()
