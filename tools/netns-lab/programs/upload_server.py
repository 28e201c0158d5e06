# The upload's server: accept one connection, recv(1000) until EOF, print the read count and bytes.
# argv: PORT CC [RECV_SIZE] [TIMES] [HOLD] (bulk-cwnd.sh reads 262144 at a time).
# CC (argv[2]) is set per socket with TCP_CONGESTION: a namespace may only pick an allowed
# congestion control by sysctl, and cubic is not allowed on the recording machine.
# TIMES, if given: a file that gets, once the connection is over, one line per call,
# "TIME_NS BYTES" (time.time_ns(), tcpdump's clock, as the call returned; accept's BYTES is -1),
# kept in a list until then so that no write(2) comes between the reads ('-' for none).
# HOLD, if given: seconds to keep the connection open after the end of stream, so that `ss`
# can read the socket's receive state (upload-ss.sh).
import socket, sys, time
port, cc = int(sys.argv[1]), sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
times = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != '-' else None
hold = float(sys.argv[5]) if len(sys.argv) > 5 else 0
now = time.time_ns
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(('0.0.0.0', port))
ls.listen(1)
conn, _ = ls.accept()
log = [(now(), -1)] if times else None
reads = total = 0
while True:
    data = conn.recv(size)
    if log is not None:
        log.append((now(), len(data)))
    reads += 1
    if not data:
        break
    total += len(data)
print(f'reads {reads} (the last one returned b"") bytes {total}', flush=True)
if hold:
    time.sleep(hold)
conn.close()
ls.close()
if times:
    with open(times, 'w') as f:
        f.writelines(f'{t} {n}\n' for t, n in log)
