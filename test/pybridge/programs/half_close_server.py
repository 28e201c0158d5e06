# The first connection: reads until the client's FIN (recv returns b''), answers with what it
# counted and closes — the half-close pattern (shutdown(SHUT_WR) on the client) of a request
# without a length. The second: one recv, the answer, then a recv that meets the client's reset.
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', 9000))
server.listen(1)
for n in range(2):
    conn, addr = server.accept()
    total = 0
    while True:
        data = conn.recv(4096)
        total += len(data)
        if not data or n == 1:
            break
    print(f"{addr[0]}: {total} bytes")
    conn.sendall(f"got {total} bytes\n".encode())
    if n == 1:
        try:
            print('then', conn.recv(100))
        except OSError as e:
            print(f"then {type(e).__name__}: {e}")
    conn.close()
server.close()
