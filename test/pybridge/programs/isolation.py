# What reaches past the simulation: ssl is refused, and a real connect() through libc finds
# an empty network namespace (no route anywhere).
import ctypes
import os
import socket
import ssl
import struct

libc = ctypes.CDLL(None, use_errno=True)
fd = libc.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
sockaddr = struct.pack('<HH4s8x', socket.AF_INET, socket.htons(10000), socket.inet_aton('172.16.16.101'))
r = libc.connect(fd, sockaddr, len(sockaddr))
print('ctypes connect', r, os.strerror(ctypes.get_errno()))
try:
    ssl.create_default_context().wrap_socket(socket.socket(), server_hostname='www.its.ac.id')
except RuntimeError as e:
    print('ssl:', e)
