# TCP_INFO's segment counters on the accepting side (segs.sh): accept one connection, echo one
# message, wait for the peer's end of stream, then print tcpi_segs_out, tcpi_segs_in,
# tcpi_data_segs_in and tcpi_data_segs_out (struct tcp_info offsets 136, 140, 152, 156).
import socket, struct, time
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(('0.0.0.0', 10000))
ls.listen(1)
conn, _ = ls.accept()
conn.sendall(conn.recv(100))
assert conn.recv(100) == b''
time.sleep(0.05)
info = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
print('server segs_out %d segs_in %d' % struct.unpack_from('II', info, 136),
      'data_segs_in %d data_segs_out %d' % struct.unpack_from('II', info, 152), flush=True)
conn.close()
ls.close()
