# A logging handler made before any thread, then used by three threads and the main thread at
# once; its emit waits (a simulated sleep) while it holds the handler's lock, so every record
# waits for the one before it.
import logging
import threading
import time


class Slow(logging.StreamHandler):
    def emit(self, record):
        time.sleep(0.1)
        super().emit(record)


handler = Slow()
handler.setFormatter(logging.Formatter('%(threadName)s %(message)s'))
log = logging.getLogger('lab')
log.addHandler(handler)
log.setLevel(logging.INFO)
log.propagate = False
with handler.lock:  # held (twice over) as the first thread starts
    with handler.lock:
        log.info('before threads')
        workers = [threading.Thread(target=log.info, args=('from %s', f'w{i}'), name=f'w{i}') for i in range(3)]
        workers[0].start()
for w in workers[1:]:
    w.start()
log.info('main while they run')
for w in workers:
    w.join()
log.info('done')
