# The UDP time server's client: three requests half a second apart, each waiting at most
# 2 s for its answer; the last goes to a port nobody serves (ICMP port unreachable, then
# ConnectionRefusedError on the connected socket's next recv).
import socket, struct, sys, time

server = sys.argv[1]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
for req_id in range(3):
    sent = time.time()
    sock.sendto(struct.pack('!Id', req_id, sent), (server, 7070))
    try:
        data, addr = sock.recvfrom(1024)
        got_id, server_time = struct.unpack('!Id', data)
        print(f"answer {got_id} from {addr}: server clock {'not before' if server_time >= sent else 'before'} ours")
    except socket.timeout:
        print(f"request {req_id}: no answer")
    time.sleep(0.5)
sock.connect((server, 7071))
sock.send(b'anyone?')
try:
    print(sock.recv(100))
except OSError as e:
    print(f"{type(e).__name__}: {e}")
