#!/usr/bin/env python3
"""IPv6 helpers for ipv6.sh (one role per call), all on real sockets in a namespace:
  ra IFACE PREFIX        send one Router Advertisement to ff02::1 (no radvd needed)
  tcp-server PORT        TCP echo server for one connection on [::]:PORT
  tcp-client ADDR PORT   connect, send two messages, read the echoes, close
  udp-server PORT        UDP echo for two datagrams on [::]:PORT
  udp-client ADDR PORT   two datagrams, read both echoes, then one to a closed port (+1)
  dns-server PORT        answers A/AAAA queries for lab6.test. (one AAAA, A: no data) twice
  dns-client ADDR PORT   AAAA and A queries for lab6.test.
"""
import socket, struct, sys, time

def ra(iface, prefix):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex(iface))
    mac = bytes.fromhex(open(f'/sys/class/net/{iface}/address').read().strip().replace(':', ''))
    # type 134, code 0, checksum (kernel fills), cur hop limit 64, M=0 O=0, lifetime 1800, reachable 0, retrans 0
    body = struct.pack('!BBHBBHII', 134, 0, 0, 64, 0, 1800, 0, 0)
    body += struct.pack('!BB', 1, 1) + mac                                    # source link-layer address
    body += struct.pack('!BBHI', 5, 1, 0, 1500)                               # MTU
    net = socket.inet_pton(socket.AF_INET6, prefix)
    body += struct.pack('!BBBBIII', 3, 4, 64, 0xc0, 86400, 14400, 0) + net    # prefix information, L and A
    s.sendto(body, ('ff02::1', 0, 0, socket.if_nametoindex(iface)))

def tcp_server(port):
    l = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(('::', port)); l.listen(1)
    c, _ = l.accept()
    while True:
        d = c.recv(1024)
        if not d: break
        c.sendall(d)
    c.close()

def tcp_client(addr, port):
    s = socket.create_connection((addr, port))
    for m in (b'hello over IPv6\n', b'second message, a little longer than the first\n'):
        s.sendall(m); got = b''
        while len(got) < len(m): got += s.recv(1024)
        time.sleep(0.05)
    s.shutdown(socket.SHUT_WR); s.recv(1); s.close()

def udp_server(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(('::', port))
    for _ in range(2):
        d, a = s.recvfrom(2048); s.sendto(d, a)

def udp_client(addr, port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.settimeout(2)
    for m in (b'ping over udp', b'second datagram'):
        s.sendto(m, (addr, port)); s.recvfrom(2048)
    s.sendto(b'nobody listens', (addr, port + 1))
    try: s.recvfrom(2048)
    except OSError: pass

def dns_server(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(('::', port))
    for _ in range(2):
        q, a = s.recvfrom(512)
        qid, = struct.unpack('!H', q[:2]); end = q.index(b'\0', 12) + 5
        qtype, = struct.unpack('!H', q[end - 4:end - 2])
        question = q[12:end]
        if qtype == 28:
            rr = b'\xc0\x0c' + struct.pack('!HHIH', 28, 1, 300, 16) + socket.inet_pton(socket.AF_INET6, 'fd00:6c77::2')
            s.sendto(struct.pack('!HHHHHH', qid, 0x8580, 1, 1, 0, 0) + question + rr, a)
        else:
            s.sendto(struct.pack('!HHHHHH', qid, 0x8580, 1, 0, 0, 0) + question, a)

def dns_client(addr, port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.settimeout(2)
    name = b''.join(bytes([len(p)]) + p for p in b'lab6.test'.split(b'.')) + b'\0'
    for qid, qtype in ((0x1c1c, 28), (0x0a0a, 1)):
        s.sendto(struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + name + struct.pack('!HH', qtype, 1), (addr, port))
        s.recvfrom(512)

ROLES = {'ra': lambda a: ra(a[0], a[1]), 'tcp-server': lambda a: tcp_server(int(a[0])), 'tcp-client': lambda a: tcp_client(a[0], int(a[1])),
         'udp-server': lambda a: udp_server(int(a[0])), 'udp-client': lambda a: udp_client(a[0], int(a[1])),
         'dns-server': lambda a: dns_server(int(a[0])), 'dns-client': lambda a: dns_client(a[0], int(a[1]))}
ROLES[sys.argv[1]](sys.argv[2:])
