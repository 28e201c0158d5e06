"""The `select` module over simulated fds: select(), poll and epoll (so selectors,
socketserver and asyncio run). A real file descriptor (stdin…) cannot be waited on with the
simulated sockets and raises the not-simulated error."""
import math

from .consts import constant_module
from .unsupported import unsupported

_ch = None
C = {}


def _fd(obj):
    fd = obj if isinstance(obj, int) else obj.fileno()
    if not isinstance(fd, int):
        raise TypeError('fileno() returned a non-integer')
    if fd < 0:
        raise ValueError(f'file descriptor cannot be a negative integer ({fd})')
    if fd <= 2:
        unsupported(f'waiting on a real file descriptor ({fd}) with the simulated sockets')
    return fd


def _ms(seconds):
    """a timeout in seconds as poll/epoll take it: ms rounded up, -1 for none"""
    if seconds is None:
        return -1
    if seconds < 0:
        return -1
    return math.ceil(seconds * 1000)


def _poll(fds, ms):
    if ms == 0:
        return _ch.call_fruitful(('poll', repr(fds)), 'poll', fds, 0)
    return _ch.call('poll', fds, ms)


def select(rlist, wlist, xlist, timeout=None):
    if timeout is not None and timeout < 0:
        raise ValueError('timeout must be non-negative')
    lists = [list(rlist), list(wlist), list(xlist)]
    events = {}
    for objs, ev in zip(lists, (C['POLLIN'], C['POLLOUT'], C['POLLPRI'])):
        for o in objs:
            fd = _fd(o)
            events[fd] = events.get(fd, 0) | ev
    fds = [[fd, ev] for fd, ev in events.items()]
    ready, _ = _poll(fds, _ms(timeout))
    revents = {fd: r for fd, r in ready}
    if any(r & C['POLLNVAL'] for r in revents.values()):
        raise OSError(9, 'Bad file descriptor')
    # fs/select.c: POLLIN_SET, POLLOUT_SET, POLLEX_SET
    sets = (C['POLLIN'] | C['POLLRDNORM'] | C['POLLHUP'] | C['POLLERR'], C['POLLOUT'] | C['POLLWRNORM'] | C['POLLERR'], C['POLLPRI'])
    return tuple([o for o in objs if revents.get(_fd(o), 0) & mask] for objs, mask in zip(lists, sets))


class poll:
    def __init__(self):
        self._fds = {}

    def register(self, fd, eventmask=None):
        self._fds[_fd(fd)] = C['POLLIN'] | C['POLLPRI'] | C['POLLOUT'] if eventmask is None else eventmask

    def modify(self, fd, eventmask):
        fd = _fd(fd)
        if fd not in self._fds:
            raise FileNotFoundError(2, 'No such file or directory')
        self._fds[fd] = eventmask

    def unregister(self, fd):
        del self._fds[_fd(fd)]

    def poll(self, timeout=None):
        ms = -1 if timeout is None or timeout < 0 else math.ceil(timeout)
        ready, _ = _poll([[fd, ev] for fd, ev in self._fds.items()], ms)
        return [(fd, r) for fd, r in ready]


class epoll:
    def __init__(self, sizehint=-1, flags=0):
        self._epfd, _ = _ch.call('epoll_create', flags)

    closed = property(lambda self: self._epfd < 0)

    def fileno(self):
        return self._epfd

    def close(self):
        fd, self._epfd = self._epfd, -1
        if fd >= 0 and not _ch.closed:
            _ch.call('close', fd)

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
        _ch.call('epoll_ctl', self._epfd, C['EPOLL_CTL_ADD'], _fd(fd), ev)

    def modify(self, fd, eventmask):
        self._check()
        _ch.call('epoll_ctl', self._epfd, C['EPOLL_CTL_MOD'], _fd(fd), eventmask)

    def unregister(self, fd):
        self._check()
        _ch.call('epoll_ctl', self._epfd, C['EPOLL_CTL_DEL'], _fd(fd), 0)

    def poll(self, timeout=None, maxevents=-1):
        self._check()
        ms = _ms(timeout)
        args = (self._epfd, maxevents if maxevents > 0 else 1023, ms)
        ready, _ = _ch.call_fruitful(('epoll_wait',) + args, 'epoll_wait', *args) if ms == 0 else _ch.call('epoll_wait', *args)
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
