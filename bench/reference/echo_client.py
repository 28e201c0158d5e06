# The lab's client.py pattern (sendall the message, then recv(16) until it is all back) on
# 127.0.0.1; prints the wall time of the exchange. Used by bench/echo.bench.ts.
import sys, socket, time
port, size = int(sys.argv[1]), int(sys.argv[2])
unit = 'INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ'
message = (unit * (size // len(unit) + 1))[:size].encode()
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t0 = time.perf_counter()
sock.connect(('127.0.0.1', port))
sock.sendall(message)
got = 0
while got < len(message):
    data = sock.recv(16)
    if not data:
        break
    got += len(data)
sock.close()
print(f"{time.perf_counter() - t0:.6f} {got}")
