# Length-prefixed messages (a 4-byte big-endian length, then the bytes), the framing a course
# teaches once students see that recv() does not keep message boundaries; sent back to back.
import socket, struct

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', 9100))
server.listen(1)
conn, addr = server.accept()
for i in range(5):
    body = (f'message {i} ' * (i * 300 + 1)).encode()
    conn.sendall(struct.pack('!I', len(body)) + body)
print('sent 5 messages')
print('client says', conn.recv(100))
conn.close()
server.close()
