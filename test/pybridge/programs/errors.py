# error classes and texts as Linux gives them, and the not-simulated guard
import os
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect(('172.16.16.101', 10000))
except ConnectionRefusedError as e:
    print('refused:', e)
try:
    socket.gethostbyname('www.espnfc.cosm')
except socket.gaierror as e:
    print('ERROR :', e)
try:
    os.fork()
except RuntimeError as e:
    print('fork:', e)
try:
    socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
except RuntimeError as e:
    print('packet:', e)
try:
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).setsockopt(socket.IPPROTO_IP, getattr(socket, 'IP_ADD_SOURCE_MEMBERSHIP', 39), bytes(12))
except RuntimeError as e:
    print('multicast:', e)
s.connect(('172.16.16.101', 10000))
