# Line echo server for the makefile() client: reads lines with makefile, answers them upper-case.
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
server.listen(1)
while True:
    conn, addr = server.accept()
    with conn, conn.makefile('rwb') as f:
        for line in f:
            f.write(line.upper())
            f.flush()
