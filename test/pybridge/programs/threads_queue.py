# threads, a queue, a lock with contention and a pool: all on simulated threads
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

results = queue.Queue()
lock = threading.Lock()
counter = 0


def worker(n):
    global counter
    with lock:
        time.sleep(0.01 * n)  # holds the lock across a blocking call: the others wait on it
        counter += n
    results.put((n, round(time.monotonic(), 3)))


threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('counter', counter)
print('order', [results.get() for _ in range(4)])
with ThreadPoolExecutor(max_workers=2) as pool:
    print('squares', list(pool.map(lambda x: x * x, range(5))))
