# The IPv4 multicast socket options: what each call answers or which errno it raises, on a UDP, a
# TCP and a raw socket (mesin1: eth0 172.20.0.3, eth1 172.16.16.101).
import socket, struct
def t(label, f):
    try:
        print(label, f())
    except OSError as e:
        print(label, 'err', e.errno)
IP = socket.IPPROTO_IP
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
k = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
m = lambda g, i='0.0.0.0': struct.pack('4s4s', socket.inet_aton(g), socket.inet_aton(i))
t('get add', lambda: u.getsockopt(IP, socket.IP_ADD_MEMBERSHIP))
t('get all', lambda: u.getsockopt(IP, 49))
t('ttl 256', lambda: u.setsockopt(IP, socket.IP_MULTICAST_TTL, 256))
t('ttl -2', lambda: u.setsockopt(IP, socket.IP_MULTICAST_TTL, -2))
t('ttl -1', lambda: (u.setsockopt(IP, socket.IP_MULTICAST_TTL, -1), u.getsockopt(IP, socket.IP_MULTICAST_TTL)))
t('loop 5', lambda: (u.setsockopt(IP, socket.IP_MULTICAST_LOOP, 5), u.getsockopt(IP, socket.IP_MULTICAST_LOOP)))
t('all 2', lambda: u.setsockopt(IP, 49, 2))
t('if bad', lambda: u.setsockopt(IP, socket.IP_MULTICAST_IF, socket.inet_aton('10.9.9.9')))
t('if ok', lambda: (u.setsockopt(IP, socket.IP_MULTICAST_IF, socket.inet_aton('172.16.16.101')), u.getsockopt(IP, socket.IP_MULTICAST_IF)))
t('short mreq', lambda: u.setsockopt(IP, socket.IP_ADD_MEMBERSHIP, m('224.1.1.1')[:7]))
t('mreqn idx 9', lambda: u.setsockopt(IP, socket.IP_ADD_MEMBERSHIP, m('224.1.1.3') + struct.pack('i', 99)))
t('join', lambda: u.setsockopt(IP, socket.IP_ADD_MEMBERSHIP, m('224.1.1.1')))
t('join by addr of same if', lambda: u.setsockopt(IP, socket.IP_ADD_MEMBERSHIP, m('224.1.1.1', '172.20.0.3')))
t('names', lambda: socket.if_nameindex())
t('tcp add', lambda: k.setsockopt(IP, socket.IP_ADD_MEMBERSHIP, m('224.1.1.1')))
t('tcp ttl', lambda: k.setsockopt(IP, socket.IP_MULTICAST_TTL, 2))
t('tcp get ttl', lambda: k.getsockopt(IP, socket.IP_MULTICAST_TTL))
t('tcp if', lambda: k.setsockopt(IP, socket.IP_MULTICAST_IF, socket.inet_aton('172.16.16.101')))
t('tcp loop', lambda: k.setsockopt(IP, socket.IP_MULTICAST_LOOP, 0))
t('drop unknown if addr', lambda: u.setsockopt(IP, socket.IP_DROP_MEMBERSHIP, m('224.1.1.1', '10.9.9.9')))
t('drop nonmc', lambda: u.setsockopt(IP, socket.IP_DROP_MEMBERSHIP, m('10.1.1.1')))
t('bind group', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind(('224.1.1.1', 5000)))
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
t('raw add', lambda: r.setsockopt(IP, socket.IP_ADD_MEMBERSHIP, m('224.1.1.5')))
