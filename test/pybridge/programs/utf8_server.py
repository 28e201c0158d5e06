# Sends a UTF-8 greeting in three pieces cut inside multi-byte characters, 0.1 s apart (three
# segments), then closes.
import socket
import time

TEXT = 'Selamat pagi — café ☕, 日本語 and ñ!\n'.encode('utf-8')
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', 8889))
sock.listen(1)
conn, peer = sock.accept()
cuts = [0, 14, 24, len(TEXT)]   # 14: inside the em dash, 23: inside the coffee cup
for start, end in zip(cuts, cuts[1:]):
    conn.sendall(TEXT[start:end])
    print('sent', end - start, 'bytes')
    time.sleep(0.1)
conn.close()
