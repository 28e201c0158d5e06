"""socket.create_connection(('localhost', 9000)) tries getaddrinfo's addresses in order."""
import socket

print([ai[4] for ai in socket.getaddrinfo('localhost', 9000, type=socket.SOCK_STREAM)])
s = socket.create_connection(('localhost', 9000))
print(s.family == socket.AF_INET, s.getpeername())
s.sendall(b'after ::1 refused')
s.close()
