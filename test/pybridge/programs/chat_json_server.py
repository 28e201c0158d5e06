# A thread-per-client chat server speaking JSON lines (the course's chat pattern): login, send
# to a user, bye. Each client's file object is kept so another thread can write to it.
import json, logging, socket, threading

logging.basicConfig(level=logging.INFO, format='%(threadName)s %(message)s')
users = {}
users_lock = threading.Lock()


def reply(f, **message):
    f.write(json.dumps(message) + '\n')
    f.flush()


def serve(conn, addr):
    f = conn.makefile('rw', encoding='utf-8', newline='\n')
    name = None
    for line in f:
        msg = json.loads(line)
        logging.info("from %s: %s", addr, msg)
        if msg['cmd'] == 'login':
            name = msg['name']
            with users_lock:
                users[name] = f
                online = sorted(users)
            reply(f, status='OK', online=online)
        elif msg['cmd'] == 'send':
            with users_lock:
                to = users.get(msg['to'])
            if to is None:
                reply(f, status='ERROR', why='no such user')
            else:
                reply(to, sender=name, text=msg['text'])
                reply(f, status='OK')
        elif msg['cmd'] == 'bye':
            break
    with users_lock:
        users.pop(name, None)
    f.close()
    conn.close()
    logging.info("%s left", addr)


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('0.0.0.0', 8889))
server.listen(5)
while True:
    conn, addr = server.accept()
    threading.Thread(target=serve, args=(conn, addr), daemon=True).start()
