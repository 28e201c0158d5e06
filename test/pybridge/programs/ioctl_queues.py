# fcntl.ioctl on sockets, in each of CPython's argument forms: FIONREAD (SIOCINQ), TIOCOUTQ
# (SIOCOUTQ), SIOCOUTQNSD, SIOCATMARK and FIONBIO, and what a socket answers otherwise. A loopback
# connection to itself, so the host's own kernel runs it too (test/pybridge/cli.test.ts).
import array, fcntl, socket, struct, termios, time

SIOCOUTQNSD, SIOCATMARK = 0x894B, 0x8905
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.bind(('127.0.0.1', 0))
ls.listen(1)
c = socket.create_connection(ls.getsockname())
s, _ = ls.accept()
c.sendall(b'x' * 1000)
s.send(b'urgent!', socket.MSG_OOB)
time.sleep(0.05)
as_int = lambda b: struct.unpack('i', b)[0]
buf = array.array('i', [-1])
print('FIONREAD into an array:', fcntl.ioctl(s.fileno(), termios.FIONREAD, buf), buf[0])
print('FIONREAD from bytes:', as_int(fcntl.ioctl(s, termios.FIONREAD, b'\0' * 4)))
print('FIONREAD into a bytearray, mutate_flag False:', fcntl.ioctl(s, termios.FIONREAD, bytearray(8), False))
print('FIONREAD with a 2-byte buffer:', fcntl.ioctl(s, termios.FIONREAD, b'\0\0'))
print('TIOCOUTQ:', as_int(fcntl.ioctl(c, termios.TIOCOUTQ, b'\0' * 4)))
print('SIOCOUTQNSD:', as_int(fcntl.ioctl(c, SIOCOUTQNSD, b'\0' * 4)))
print('SIOCATMARK before the urgent byte:', as_int(fcntl.ioctl(c, SIOCATMARK, b'\0' * 4)))
print('read up to the mark:', len(c.recv(100)))
print('SIOCATMARK at it:', as_int(fcntl.ioctl(c, SIOCATMARK, b'\0' * 4)))
for what, call in [
    ('an int argument', lambda: fcntl.ioctl(s, termios.FIONREAD, 0)),
    ('FIONREAD on the listener', lambda: fcntl.ioctl(ls, termios.FIONREAD, b'\0' * 4)),
    ('TIOCGWINSZ', lambda: fcntl.ioctl(s, termios.TIOCGWINSZ, b'\0' * 8)),
]:
    try:
        print(what, call())
    except OSError as e:
        print(what, e)
fcntl.ioctl(s, termios.FIONBIO, struct.pack('i', 1))
print('FIONBIO made it non-blocking:', not __import__('os').get_blocking(s.fileno()))
print('read:', len(s.recv(2000)))
try:
    s.recv(10)
except BlockingIOError as e:
    print('then:', e)
