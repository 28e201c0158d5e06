# The select() chat's client: argv server, name, how many lines to wait for, seconds to stay
# after them. Sends its name and one greeting, prints every line that comes, then leaves.
import socket
import sys
import time

server, name, expect, stay = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect((server, 8889))
sock.sendall(f'{name}\n'.encode())
time.sleep(0.1)
sock.sendall(f'halo semua, saya {name}\n'.encode())
f = sock.makefile('r', encoding='utf-8')
for _ in range(expect):
    print(name, 'got', repr(f.readline()))
time.sleep(stay)
f.close()
sock.close()
print(name, 'bye')
