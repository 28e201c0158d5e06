"""The `select` module over simulated fds: select(), poll and epoll (so selectors,
socketserver and asyncio run). The standard streams are files the bridge wrote before the
program started (stdin: the run's --stdin text, then end of file), so select() and poll() see
stdin readable and stdout/stderr writable at once, as they would a filled pipe, and wait on the
simulated sockets with no timeout meanwhile; epoll on them raises the not-simulated error."""
import math

from . import fds as fdnum
from .consts import constant_module
from .unsupported import unsupported

_ch = None
C = {}


def _fd(obj, std=False):
    fd = obj if isinstance(obj, int) else obj.fileno()
    if not isinstance(fd, int):
        raise TypeError('fileno() returned a non-integer')
    if fd < 0:
        raise ValueError(f'file descriptor cannot be a negative integer ({fd})')
    if fd <= 2 and not std:
        unsupported(f'waiting on a real file descriptor ({fd}) with the simulated sockets')
    return fd


def _std_revents(fd, ev):
    """a standard stream's poll bits: stdin has data or its end (readable), 1 and 2 take writes"""
    if fd == 0:
        return ev & (C['POLLIN'] | C['POLLRDNORM'])
    return ev & (C['POLLOUT'] | C['POLLWRNORM'])


def _poll_with_std(fds, ms):
    """poll over simulated fds and standard streams: a ready stream makes the wait a look"""
    std = [(fd, _std_revents(fd, ev)) for fd, ev in fds if fd <= 2]
    std = [(fd, r) for fd, r in std if r]
    sim = [[fd, ev] for fd, ev in fds if fd > 2]
    ready = []
    if sim or not std:
        ready, _ = _poll(sim, 0 if std else ms)
    return std + [(fd, r) for fd, r in ready]


def _ms(seconds):
    """a timeout in seconds as poll/epoll take it: ms rounded up, -1 for none"""
    if seconds is None:
        return -1
    if seconds < 0:
        return -1
    return math.ceil(seconds * 1000)


def _poll(fds, ms):
    # select and poll are level-triggered: a ready answer repeats itself until the world moves
    return _ch.call_fruitful(('poll', repr(fds), ms == 0), 'poll', fds, ms, keep_empty=ms == 0, keep_ready=True)


def select(rlist, wlist, xlist, timeout=None):
    if timeout is not None and timeout < 0:
        raise ValueError('timeout must be non-negative')
    lists = [list(rlist), list(wlist), list(xlist)]
    events = {}
    for objs, ev in zip(lists, (C['POLLIN'], C['POLLOUT'], C['POLLPRI'])):
        for o in objs:
            fd = _fd(o, std=True)
            events[fd] = events.get(fd, 0) | ev
    fds = [[fd, ev] for fd, ev in events.items()]
    revents = dict(_poll_with_std(fds, _ms(timeout)))
    if any(r & C['POLLNVAL'] for r in revents.values()):
        raise OSError(9, 'Bad file descriptor')
    # fs/select.c: POLLIN_SET, POLLOUT_SET, POLLEX_SET
    sets = (C['POLLIN'] | C['POLLRDNORM'] | C['POLLHUP'] | C['POLLERR'], C['POLLOUT'] | C['POLLWRNORM'] | C['POLLERR'], C['POLLPRI'])
    return tuple([o for o in objs if revents.get(_fd(o, std=True), 0) & mask] for objs, mask in zip(lists, sets))


class poll:
    def __init__(self):
        self._fds = {}

    def register(self, fd, eventmask=None):
        self._fds[_fd(fd, std=True)] = C['POLLIN'] | C['POLLPRI'] | C['POLLOUT'] if eventmask is None else eventmask

    def modify(self, fd, eventmask):
        fd = _fd(fd, std=True)
        if fd not in self._fds:
            raise FileNotFoundError(2, 'No such file or directory')
        self._fds[fd] = eventmask

    def unregister(self, fd):
        del self._fds[_fd(fd, std=True)]

    def poll(self, timeout=None):
        ms = -1 if timeout is None or timeout < 0 else math.ceil(timeout)
        return _poll_with_std([[fd, ev] for fd, ev in self._fds.items()], ms)


class epoll:
    def __init__(self, sizehint=-1, flags=0):
        self._epfd, _ = fdnum.created('epoll_create', flags)
        fdnum.opened(self._epfd)
        # an edge-triggered or one-shot registration reports its event once: a ready answer
        # does not repeat itself for such a set, so it is never answered from the last one
        self._edge = False

    def _note_mask(self, eventmask):
        if eventmask & (C['EPOLLET'] | C['EPOLLONESHOT']):
            self._edge = True

    closed = property(lambda self: self._epfd < 0)

    def fileno(self):
        return self._epfd

    def close(self):
        fd, self._epfd = self._epfd, -1
        if fd >= 0 and not _ch.closed:
            _ch.call('close', fd)
            fdnum.closed(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check(self):
        if self._epfd < 0:
            raise ValueError('I/O operation on closed epoll object')

    def register(self, fd, eventmask=None):
        self._check()
        ev = C['EPOLLIN'] | C['EPOLLPRI'] | C['EPOLLOUT'] if eventmask is None else eventmask
        self._note_mask(ev)
        _ch.call('epoll_ctl', self._epfd, C['EPOLL_CTL_ADD'], _fd(fd), ev)

    def modify(self, fd, eventmask):
        self._check()
        self._note_mask(eventmask)
        _ch.call('epoll_ctl', self._epfd, C['EPOLL_CTL_MOD'], _fd(fd), eventmask)

    def unregister(self, fd):
        self._check()
        _ch.call('epoll_ctl', self._epfd, C['EPOLL_CTL_DEL'], _fd(fd), 0)

    def poll(self, timeout=None, maxevents=-1):
        self._check()
        ms = _ms(timeout)
        args = (self._epfd, maxevents if maxevents > 0 else 1023, ms)
        ready, _ = _ch.call_fruitful(('epoll_wait',) + args, 'epoll_wait', *args, keep_empty=ms == 0, keep_ready=not self._edge)
        return [(fd, ev) for fd, ev in ready]

    @classmethod
    def fromfd(cls, fd):
        unsupported('select.epoll.fromfd()')


def module(ch, linux_constants):
    global _ch
    _ch = ch
    import select as real
    m = constant_module('select', 'labwire: select, poll and epoll over simulated fds', real, linux_constants,
                        lambda k: k.startswith(('POLL', 'EPOLL')))
    C.update({k: getattr(m, k) for k in dir(m) if k.isupper()})
    m.select = select
    m.poll = poll
    m.epoll = epoll
    m.error = OSError
    return m
