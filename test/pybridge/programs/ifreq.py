# netdevice(7)'s get requests through fcntl.ioctl, as `ifconfig` and the "my IP address" recipe
# read them: ifreq.py NAME... prints each interface's address, netmask, broadcast, flags, MTU,
# index and hardware address, then the errors of an unknown name and of an IPv6 socket's address
# request (test/pybridge/cli.test.ts runs it on the host's lo too).
import fcntl, socket, struct, sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


def req(sock, name, code, size=256):
    return fcntl.ioctl(sock.fileno(), code, struct.pack(f'{size}s', name.encode()))


for name in sys.argv[1:]:
    addr, mask, brd = (socket.inet_ntoa(req(s, name, code)[20:24]) for code in (0x8915, 0x891B, 0x8919))
    flags = struct.unpack('h', req(s, name, 0x8913)[16:18])[0]
    mtu, index = (struct.unpack('i', req(s, name, code)[16:20])[0] for code in (0x8921, 0x8933))
    hw = req(s, name, 0x8927)
    family, mac = struct.unpack('H', hw[16:18])[0], hw[18:24].hex(':')
    print(name, addr, mask, brd, hex(flags), mtu, index, family, mac, len(req(s, name, 0x8915, 32)), req(s, name, 0x8915, 40)[24:40] == bytes(16))
for what, call in [
    ('unknown name', lambda: req(s, 'nope0', 0x8915)),
    ('an IPv6 socket, SIOCGIFADDR', lambda: req(socket.socket(socket.AF_INET6, socket.SOCK_STREAM), 'lo', 0x8915)),
    ('an IPv6 socket, SIOCGIFINDEX', lambda: struct.unpack('i', req(socket.socket(socket.AF_INET6, socket.SOCK_STREAM), 'lo', 0x8933)[16:20])[0]),
]:
    try:
        print(what, call())
    except OSError as e:
        print(what, e)
