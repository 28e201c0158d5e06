# The main thread ends while a daemon thread waits in recv and another in a lock: the process
# exits as on Linux (its sockets closed), and an uncaught error in a thread is reported.
import socket
import threading

lock = threading.Lock()
lock.acquire()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', 5555))
threading.Thread(target=lambda: s.recv(100), daemon=True).start()
threading.Thread(target=lock.acquire, daemon=True).start()


def broken():
    raise ValueError('bad value in a thread')


t = threading.Thread(target=broken, name='worker')
t.start()
t.join()
print('main ends')
