# The upload's server: accept one connection, recv(1000) until EOF, print the read count and bytes.
# argv: PORT CC [RECV_SIZE] (bulk-cwnd.sh reads 262144 at a time).
# CC (argv[2]) is set per socket with TCP_CONGESTION: a namespace may only pick an allowed
# congestion control by sysctl, and cubic is not allowed on the recording machine.
import socket, sys
port, cc = int(sys.argv[1]), sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(('0.0.0.0', port))
ls.listen(1)
conn, _ = ls.accept()
reads = total = 0
while True:
    data = conn.recv(size)
    reads += 1
    if not data:
        break
    total += len(data)
print(f'reads {reads} (the last one returned b"") bytes {total}', flush=True)
conn.close()
ls.close()
