# threading.Timer, Event.wait with a timeout, Condition and queue timeouts on the simulated clock
import queue
import threading
import time

done = threading.Event()
threading.Timer(0.5, done.set).start()
print('event', done.wait(2), round(time.monotonic(), 3))
q = queue.Queue()
try:
    q.get(timeout=0.25)
except queue.Empty:
    print('empty after', round(time.monotonic(), 3))
t = threading.Thread(target=lambda: (time.sleep(1), q.put('late')))
t.start()
print('joined', t.join(0.1), t.is_alive(), round(time.monotonic(), 3))
print('got', q.get(), round(time.monotonic(), 3))
