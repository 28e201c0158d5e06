# Sends one SYN (MSS 1460, SACK_PERM, TS, WS 7, like Linux's) from SRC to DST:PORT with a raw
# socket and never answers: the SYN/ACKs go to an address no host owns. argv: src dst port
import socket, struct, sys
src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack(f'!{len(b)//2}H', b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
opts = struct.pack('!BBH', 2, 4, 1460) + bytes([4, 2, 8, 10]) + struct.pack('!II', 1, 0) + bytes([1, 3, 3, 7])
hdr = struct.pack('!HHIIBBHHH', 40000, port, 1000, 0, (5 + len(opts) // 4) << 4, 0x02, 64240, 0, 0) + opts
pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack('!BBH', 0, 6, len(hdr))
hdr = hdr[:16] + struct.pack('!H', csum(pseudo + hdr)) + hdr[18:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
s.bind((src, 0))
s.sendto(hdr, (dst, 0))
print('SYN sent', flush=True)
