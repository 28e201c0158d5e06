# Wake-up latency by wait length (wake.sh): accept one connection, recv(100) until EOF; once the
# connection is over, write one line per call to argv[1]: "TIME_NS BYTES" (time.time_ns(), the
# capture's clock, as the call returned; accept's BYTES is -1). Kept in a list until then.
import socket, sys, time
now = time.time_ns
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(('0.0.0.0', 10000))
ls.listen(1)
conn, _ = ls.accept()
log = [(now(), -1)]
while True:
    data = conn.recv(100)
    log.append((now(), len(data)))
    if not data:
        break
conn.close()
with open(sys.argv[1], 'w') as f:
    f.writelines(f'{t} {n}\n' for t, n in log)
