# The urgent-data lab's server: accept one connection, let the client's message and its FIN
# arrive, then read it call by call, printing what each call returned (or its errno).
# argv: PORT MODE — plain (the urgent byte is read with MSG_OOB) or inline (SO_OOBINLINE).
import select, socket, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(('0.0.0.0', port))
ls.listen(1)
conn, _ = ls.accept()
if mode == 'inline':
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)
time.sleep(0.5)  # everything the client sends is in by now


def ready():
    r, _, x = select.select([conn], [], [conn], 0)
    print('select readable', len(r), 'exceptional', len(x), flush=True)


def call(what, f):
    try:
        print(what, repr(f()), flush=True)
    except OSError as e:
        print(what, 'errno', e.errno, flush=True)


ready()
call('recv(100)', lambda: conn.recv(100))
call('recv(1, MSG_OOB)', lambda: conn.recv(1, socket.MSG_OOB))
call('recv(1, MSG_OOB)', lambda: conn.recv(1, socket.MSG_OOB))
ready()
call('recv(100)', lambda: conn.recv(100))
call('recv(100)', lambda: conn.recv(100))
conn.close()
ls.close()
