"""Python threads as simulated threads.

`_thread` is replaced before `threading` uses it: a new thread is announced to the bridge
(which starts a simulated thread for it) and then waits for its first reply before running;
locks live in Python (one thread runs at a time, so their state needs no atomics) and a
contended acquire parks the simulated thread on a futex. Everything built on locks
(Condition, Event, Semaphore, queue.Queue, ThreadPoolExecutor) follows. Joins are simulated
joins; only the last instant of a thread's teardown is a real wait. logging's handler locks
are C locks until the first thread starts (solo.py).
"""
import itertools
import math
import sys
import types
import _thread as _real

from . import imports, solo

_ch = None
_lock_keys = itertools.count(1)
_tids = itertools.count(1)
_sim_tid = {}  # threading.Thread -> simulated thread number


class LockType:
    __slots__ = ('_held', '_key', '_waiters', '__weakref__')

    def __init__(self):
        self._held = False
        self._key = next(_lock_keys)
        self._waiters = 0

    def acquire(self, blocking=True, timeout=-1):
        if not self._held:
            self._held = True
            return True
        if not blocking:
            if timeout != -1:
                raise ValueError("can't specify a timeout for a non-blocking call")
            return False
        if timeout < 0 and timeout != -1:
            raise ValueError('timeout value must be a non-negative number')
        deadline = None if timeout == -1 else _ch.now + math.ceil(timeout * 1e9)
        while self._held:
            if deadline is not None and _ch.now >= deadline:
                return False
            self._waiters += 1
            try:
                _ch.call('futex_wait', self._key, deadline)
            finally:
                self._waiters -= 1
        self._held = True
        return True

    def release(self):
        if not self._held:
            raise RuntimeError('release unlocked lock')
        self._held = False
        if self._waiters:
            _ch.call('futex_wake', self._key, 1)

    def locked(self):
        return self._held

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def _at_fork_reinit(self):
        self._held = False

    def __repr__(self):
        state = 'locked' if self._held else 'unlocked'
        return f'<{state} _thread.lock object at {id(self):#x}>'


def _announce(function, args=(), kwargs=None):
    """Tell the bridge about a new thread; returns the body the real thread runs: it waits
    for the bridge's first reply, runs `function`, and says it ended."""
    solo.leave()
    tid = next(_tids)
    owner = getattr(function, '__self__', None)
    name = getattr(owner, 'name', None) or f'thread-{tid}'
    if owner is not None:
        _sim_tid[owner] = tid
    _ch.slot(tid)
    _ch.call('spawn', tid, name)

    def boot():
        _ch.tids[_real.get_ident()] = tid
        try:
            meta, _ = _ch.wait(tid)
            _ch.now = meta['t']
            function(*args, **(kwargs or {}))
        except SystemExit:
            pass
        except BaseException as e:  # as _thread's thread_run: report and end the thread
            if not _ch.closed:
                sys.unraisablehook(types.SimpleNamespace(exc_type=type(e), exc_value=e, exc_traceback=e.__traceback__,
                                                         err_msg='Exception ignored in thread started by', object=function))
        finally:
            if not _ch.closed:
                _ch.send(tid, 'exit', [])
                _ch.nudge(tid)

    return boot


def start_new_thread(function, args, kwargs=None):
    return _real.start_new_thread(_announce(function, args, kwargs), ())


def start_joinable_thread(function, handle=None, daemon=True):
    """Python ≥ 3.13: the thread keeps its real handle; joins are simulated first (below)."""
    return _real.start_joinable_thread(_announce(function), handle=handle, daemon=daemon)


def _ended(thread, deadline):
    """the simulated join: True once the thread's simulated thread has ended"""
    ended, _ = _ch.call('join', _sim_tid[thread], deadline)
    return ended


def _deadline(block, timeout):
    if not block:
        return _ch.now
    return None if timeout is None or timeout < 0 else _ch.now + math.ceil(timeout * 1e9)


def _module():
    m = types.ModuleType('_thread', _real.__doc__)
    for k, v in vars(_real).items():
        if not k.startswith('__'):
            setattr(m, k, v)
    m.allocate_lock = m.allocate = LockType
    m.LockType = LockType
    m.start_new_thread = m.start_new = start_new_thread
    if hasattr(_real, 'start_joinable_thread'):
        m.start_joinable_thread = start_joinable_thread
    del m.RLock  # threading's RLock is built on LockType (_fast_rlock)
    return m


def _fast_rlock(threading):
    """threading's Python RLock over LockType with the uncontended paths inlined: logging takes
    one twice per record, and the C RLock it stands in for costs next to nothing"""
    get_ident = _real.get_ident

    class RLock(threading._RLock):
        def acquire(self, blocking=True, timeout=-1):
            me = get_ident()
            if self._owner == me:
                self._count += 1
                return 1
            block = self._block
            if block._held:
                if not block.acquire(blocking, timeout):
                    return False
            else:
                block._held = True
            self._owner = me
            self._count = 1
            return True

        __enter__ = acquire

        def release(self):
            if self._owner != get_ident():
                raise RuntimeError('cannot release un-acquired lock')
            self._count = count = self._count - 1
            if not count:
                self._owner = None
                block = self._block
                if block._waiters:
                    block.release()
                else:
                    block._held = False

        def __exit__(self, t, v, tb):
            self.release()

    RLock.__module__ = '_thread'
    RLock.__qualname__ = 'RLock'
    return RLock


def _patch_threading(threading):
    threading._allocate_lock = LockType
    threading.Lock = LockType
    threading._CRLock = _fast_rlock(threading)
    if hasattr(threading, '_start_joinable_thread'):
        _patch_joins_313(threading)
    else:
        _patch_joins_311(threading)
    orig_shutdown = threading._shutdown

    def _shutdown():
        # threading's atexit calls first (ThreadPoolExecutor stops its workers), then the
        # simulated joins of every non-daemon thread, then threading's own end
        for call in reversed(threading._threading_atexits):
            call()
        del threading._threading_atexits[:]
        while True:
            waiting = [t for t in threading.enumerate() if not t.daemon and t in _sim_tid and t.is_alive()]
            if not waiting:
                break
            for t in waiting:
                t.join()
        orig_shutdown()

    threading._shutdown = _shutdown


def _patch_joins_311(threading):
    """3.11/3.12: join() and is_alive() go through _wait_for_tstate_lock"""
    threading._start_new_thread = start_new_thread
    orig_wait = threading.Thread._wait_for_tstate_lock

    def _wait_for_tstate_lock(self, block=True, timeout=-1):
        if self not in _sim_tid or _ch.closed:  # the main thread: as threading does it
            return orig_wait(self, block, timeout)
        if not self._is_stopped and not _ended(self, _deadline(block, timeout)):
            return
        orig_wait(self, True, -1)  # the thread has left the simulation: only its teardown is left

    threading.Thread._wait_for_tstate_lock = _wait_for_tstate_lock


def _patch_joins_313(threading):
    """3.13: threads have handles; join() and is_alive() ask the simulation first"""
    threading._start_joinable_thread = start_joinable_thread
    orig_join = threading.Thread.join
    orig_alive = threading.Thread.is_alive

    def join(self, timeout=None):
        if self not in _sim_tid or _ch.closed:  # the main thread: as threading does it
            return orig_join(self, timeout)
        orig_join(self, 0)  # its checks (not started, joining itself) and nothing else
        if _ended(self, _deadline(True, timeout)):
            self._handle.join()  # the thread has left the simulation: only its teardown is left

    def is_alive(self):
        if self not in _sim_tid or _ch.closed or not orig_alive(self):
            return orig_alive(self)
        if _ended(self, _ch.now):
            self._handle.join()
            return False
        return True

    threading.Thread.join = join
    threading.Thread.is_alive = is_alive


def install(ch):
    global _ch
    _ch = ch
    sys.modules['_thread'] = _module()
    if 'queue' not in sys.modules:
        sys.modules['_queue'] = None  # queue.SimpleQueue falls back to its Python version
    import threading
    _patch_threading(threading)
    imports.after_import('logging', lambda logging: solo.patch_logging(logging, threading._CRLock))
    import queue
    queue.SimpleQueue = queue._PySimpleQueue
