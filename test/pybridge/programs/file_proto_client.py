# The file server's client: LIST, then GET each file (saved into argv[2], a folder), then a
# request the server does not know. Answers are read with recv(1000) until "\r\n\r\n".
import base64
import hashlib
import json
import os
import socket
import sys

server, folder = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect((server, 8889))


def ask(request):
    sock.sendall(request.encode() + b'\n')
    answer = ''
    while not answer.endswith('\r\n\r\n'):
        answer += sock.recv(1000).decode()
    return json.loads(answer)


names = ask('LIST')['data']
print('files:', names)
for name in names:
    got = ask(f'GET {name}')
    content = base64.b64decode(got['data'])
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(content)
    print(name, len(content), 'bytes, md5', hashlib.md5(content).hexdigest())
print(ask('DELETE notes.txt'))
sock.close()
