"""logging's handler locks at the C RLock's speed while the program has one thread.

A handler takes its lock twice per record (handle, then flush). The simulated RLock (threads.py)
is Python code, several times the cost of the C lock; but while no second thread exists no
acquire can be contended, and a C RLock never blocks its only thread. So a handler made then
gets a HandlerLock: the simulated RLock whose acquire and release are, for now, a C RLock's
(instance attributes, found before the class's methods). When the program starts its first
thread (threads._announce, before the thread exists) every HandlerLock becomes the simulated
RLock it is, in the C lock's state (free, or held by the main thread as many times); the
object stays the same, so `with handler.lock:` around the start is released where it was
taken. From then on a thread that waits for a handler's lock waits in the simulation.
"""
import weakref
import _thread as _real

# HandlerLocks still on their C RLock
_solo = weakref.WeakSet()
_threads = False


def handler_lock(rlock):
    """HandlerLock over the simulated RLock class `rlock` (threads._fast_rlock)"""

    class HandlerLock(rlock):
        def __init__(self):
            super().__init__()
            c = self._c = _real.RLock()
            self.acquire = c.acquire
            self.release = c.release

        # the instance's acquire/release while on the C lock, the class's after
        def __enter__(self):
            return self.acquire()

        def __exit__(self, t, v, tb):
            self.release()

        def _is_owned(self):
            return self._c._is_owned() if self._c is not None else super()._is_owned()

        def _release_save(self):
            return self._c._release_save() if self._c is not None else super()._release_save()

        def _acquire_restore(self, state):
            if self._c is not None:
                return self._c._acquire_restore(state)
            return super()._acquire_restore(state)

        def _at_fork_reinit(self):
            if self._c is not None:
                self._c._at_fork_reinit()
            super()._at_fork_reinit()

        def simulated(self):
            """from now on the simulated RLock, held as the C one was"""
            c, self._c = self._c, None
            del self.acquire, self.release
            if c._is_owned():
                super()._acquire_restore(c._release_save())  # (count, owner): the main thread's

    HandlerLock.__module__ = '_thread'
    HandlerLock.__qualname__ = 'RLock'
    return HandlerLock


def patch_logging(logging, rlock):
    """logging.Handler.createLock makes a HandlerLock while the program has one thread"""
    original = logging.Handler.createLock
    lock_class = handler_lock(rlock)

    def createLock(self):
        if _threads:
            return original(self)
        self.lock = lock = lock_class()
        _solo.add(lock)
        logging._register_at_fork_reinit_lock(self)

    logging.Handler.createLock = createLock


def leave():
    """the program starts its first thread: every HandlerLock becomes the simulated RLock"""
    global _threads
    if _threads:
        return
    _threads = True
    for lock in list(_solo):
        lock.simulated()
    _solo.clear()
