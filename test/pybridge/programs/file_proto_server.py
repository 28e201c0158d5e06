# A file server speaking a text protocol (the course's progjar4a style): each request is one
# line "LIST" or "GET name"; each answer a JSON object ending in "\r\n\r\n", file contents in
# base64. Thread per client. The files live in memory here (made at start).
import base64
import json
import socket
import threading

FILES = {
    'notes.txt': ''.join(f'baris {i}: jaringan komputer\n' for i in range(40)).encode(),
    'pokijan.jpg': bytes((i * i + 3 * i) % 251 for i in range(6000)),
}


def handle(line):
    words = line.split()
    if words == ['LIST']:
        return {'status': 'OK', 'data': sorted(FILES)}
    if len(words) == 2 and words[0] == 'GET' and words[1] in FILES:
        return {'status': 'OK', 'name': words[1], 'data': base64.b64encode(FILES[words[1]]).decode()}
    return {'status': 'ERROR', 'data': 'unknown request'}


def serve(conn, peer):
    rest = ''
    while True:
        data = conn.recv(32)
        if not data:
            break
        rest += data.decode()
        while '\n' in rest:
            line, rest = rest.split('\n', 1)
            print(peer[0], 'asks', line.strip(), flush=True)
            conn.sendall((json.dumps(handle(line)) + '\r\n\r\n').encode())
    conn.close()
    print(peer[0], 'done', flush=True)


sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('0.0.0.0', 8889))
sock.listen(1)
while True:
    conn, peer = sock.accept()
    threading.Thread(target=serve, args=(conn, peer)).start()
