import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
for word in ['satu', 'dua', 'tiga']:
    s.sendto(word.encode(), (sys.argv[1], 9001))
    print(s.recvfrom(100))
