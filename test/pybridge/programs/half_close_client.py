# Sends 10 000 bytes, shuts its sending side (FIN), then reads the answer until the server
# closes; on a second connection sends 100 bytes, reads the answer and closes with SO_LINGER 0
# (a reset instead of a FIN).
import socket, struct, sys

server = sys.argv[1]
sock = socket.create_connection((server, 9000))
sock.sendall(b'x' * 10000)
sock.shutdown(socket.SHUT_WR)
answer = b''
while True:
    data = sock.recv(100)
    if not data:
        break
    answer += data
print(answer.decode().strip())
try:
    sock.send(b'more')
except OSError as e:
    print(f"send after shutdown: {type(e).__name__}: {e}")
sock.close()

sock = socket.create_connection((server, 9000))
sock.sendall(b'y' * 100)
print(sock.recv(100).decode().strip())
sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
sock.close()
print('closed with linger 0')
