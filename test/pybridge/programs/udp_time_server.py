# A UDP time server in the course's style: a struct-packed request (id, client time) answered
# with (id, server time) to whoever sent it, forever.
import socket, struct, time

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('0.0.0.0', 7070))
while True:
    data, addr = sock.recvfrom(1024)
    req_id, client_time = struct.unpack('!Id', data)
    print(f"request {req_id} from {addr}, {len(data)} bytes")
    sock.sendto(struct.pack('!Id', req_id, time.time()), addr)
