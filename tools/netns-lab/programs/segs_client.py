# TCP_INFO's segment counters on the connecting side (segs.sh): connect to HOST:10000, send 10
# bytes, read the echo, then print tcpi_segs_out, tcpi_segs_in, tcpi_data_segs_in and
# tcpi_data_segs_out (struct tcp_info offsets 136, 140, 152, 156) and close.
import socket, struct, sys, time
s = socket.create_connection((sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101', 10000))
s.sendall(b'x' * 10)
s.recv(100)
time.sleep(0.05)
info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
print('client segs_out %d segs_in %d' % struct.unpack_from('II', info, 136),
      'data_segs_in %d data_segs_out %d' % struct.unpack_from('II', info, 152), flush=True)
s.close()
