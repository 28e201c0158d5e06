# Reads the greeting the way students do, recv(1024).decode(), then (after the error) the
# right way, with an incremental decoder.
import codecs
import socket
import sys

sock = socket.create_connection((sys.argv[1], 8889))
try:
    while data := sock.recv(1024):
        print('piece', len(data), repr(data.decode()))
except UnicodeDecodeError as e:
    print('UnicodeDecodeError:', e)
    decoder = codecs.getincrementaldecoder('utf-8')()
    print('kept', repr(decoder.decode(data)))
    while data := sock.recv(1024):
        print('piece', len(data), repr(decoder.decode(data)))
    print('end', repr(decoder.decode(b'', final=True)))
sock.close()
