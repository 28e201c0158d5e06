# Line-oriented client over makefile(): write lines, read the echoed lines back.
import socket
import sys

sock = socket.create_connection((sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101', int(sys.argv[2]) if len(sys.argv) > 2 else 8889))
f = sock.makefile('rw', encoding='utf-8', newline='\n')
for word in ['satu', 'dua', 'tiga']:
    f.write(word + '\n')
    f.flush()
    print('line', f.readline().rstrip('\n'))
f.close()
sock.close()
