"""One fd numbering for the program's files and its simulated sockets, as in one Linux process.

Every simulated fd (socket, socketpair end, epoll instance) holds a real placeholder fd of the
same number in this process (/dev/null, read-only), taken before the call that creates it: so
a file the program opens gets the number Linux would give it, a socket opened after a file
gets the next one, and no real call ever lands on a program's file by a number clash. The
bridge moves the simulated fd onto the reserved number (dup2 in the table) when the table's
lowest free fd differs.

The os-level calls programs make on a socket's fd (`fcntl.fcntl` F_GETFL/F_SETFL/F_GETFD/
F_SETFD, `fcntl.ioctl` FIONREAD/SIOCINQ, TIOCOUTQ/SIOCOUTQ, SIOCOUTQNSD, SIOCATMARK and FIONBIO,
`os.set_blocking`/`get_blocking`, `os.read`, `os.write`, `os.close`, `os.dup`) go to the
simulated socket; on other fds they are the real calls.
"""
import errno
import os
import weakref

_real = {name: getattr(os, name) for name in ('open', 'read', 'write', 'close', 'dup', 'set_blocking', 'get_blocking')}

# simulated fd -> a weak reference to its _socket.socket (None for an epoll fd or a bare fd)
_open = {}
# fds a program made O_NONBLOCK itself (fcntl/os.set_blocking) while its socket object is in
# blocking mode: CPython then makes each call once and raises BlockingIOError on EAGAIN
nonblocking = set()
_ch = None
_consts = {}
O_RDWR, O_NONBLOCK, F_GETFL, F_SETFL, F_GETFD, F_SETFD, FD_CLOEXEC = 2, 0o4000, 3, 4, 1, 2, 1
# CPython's fcntl.ioctl copies a buffer argument of up to this many bytes to and from its own
IOCTL_BUFSZ = 1024
# struct ifreq on 64-bit Linux: IFNAMSIZ bytes of name and a 24-byte union, copied in and back whole
IFREQ_SIZE = 40
IFREQ_GETS = ('SIOCGIFFLAGS', 'SIOCGIFADDR', 'SIOCGIFDSTADDR', 'SIOCGIFBRDADDR', 'SIOCGIFNETMASK', 'SIOCGIFMTU', 'SIOCGIFHWADDR', 'SIOCGIFINDEX')


def reserve():
    """The number the next simulated fd will have: a real placeholder held until its close."""
    return _real['open'](os.devnull, os.O_RDONLY | os.O_CLOEXEC)


def release(fd):
    try:
        _real['close'](fd)
    except OSError:
        pass


def created(op, *args, count=1):
    """Run an fd-creating request with `count` reserved numbers appended to its arguments."""
    held = [reserve() for _ in range(count)]
    try:
        r, data = _ch.call(op, *args, *held)
    except BaseException:
        for fd in held:
            release(fd)
        raise
    got = r if count > 1 else [r]
    for fd in held:
        if fd not in got:
            release(fd)
    return r, data


def opened(fd, owner=None):
    try:
        # socket.socket (socket.py's subclass) has __weakref__; a bare _socket.socket has not
        _open[fd] = weakref.ref(owner) if owner is not None else None
    except TypeError:
        _open[fd] = None


def closed(fd):
    """After the simulated close: forget the fd and free its placeholder number."""
    _open.pop(fd, None)
    nonblocking.discard(fd)
    release(fd)


def is_simulated(fd):
    return fd in _open


def _fd_of(f):
    if isinstance(f, int):
        return f
    if hasattr(f, 'fileno'):
        return f.fileno()
    raise TypeError(f'argument must be an int, or have a fileno() method.')


def _owner(fd):
    ref = _open.get(fd)
    return ref() if ref is not None else None


def _is_nonblocking(fd):
    s = _owner(fd)
    return fd in nonblocking or (s is not None and s.gettimeout() is not None)


def _fcntl(real):
    def fcntl(fd, cmd, arg=0):
        n = _fd_of(fd)
        if n not in _open:
            return real(fd, cmd, arg)
        if cmd == F_GETFL:
            return O_RDWR | (O_NONBLOCK if _is_nonblocking(n) else 0)
        if cmd == F_SETFL:
            (nonblocking.add if int(arg) & O_NONBLOCK else nonblocking.discard)(n)
            return 0
        if cmd == F_GETFD:
            return FD_CLOEXEC  # CPython makes every socket non-inheritable
        if cmd == F_SETFD:
            return 0
        from .unsupported import unsupported
        unsupported(f'fcntl({cmd}) on a socket')
    return fcntl


def _ioctl(real):
    """fcntl.ioctl as CPython makes it (an int argument is the pointer itself; a buffer is copied
    in and out, or written in place when mutable and mutate_flag) over the simulated socket's
    ioctl(2): the int the kernel puts at the pointer for the queue requests, FIONBIO's int read
    from it, and netdevice(7)'s get requests, whose struct ifreq gets the named interface's
    answer after its name (src/stack/syscall/ifreq.ts). The other interface requests (0x89xx
    below SIOCPROTOPRIVATE: setting an address, SIOCGIFCONF…) are not simulated; the rest get
    ENOTTY, as from a socket."""
    def ioctl(fd, request, arg=0, mutate_flag=True):
        n = _fd_of(fd)
        if n not in _open:
            return real(fd, request, arg, mutate_flag)
        request = int(request)
        puts = request in (_consts['SIOCINQ'], _consts['SIOCOUTQ'], _consts['SIOCOUTQNSD'], _consts['SIOCATMARK'])
        ifreq = request in (_consts[k] for k in IFREQ_GETS)
        if not puts and not ifreq and request != _consts['FIONBIO']:
            if 0x8910 <= request < 0x89e0:
                from .unsupported import unsupported
                unsupported(f'ioctl({request:#x}) (a network interface request) on a socket')
            raise OSError(errno.ENOTTY, os.strerror(errno.ENOTTY))
        if isinstance(arg, int):
            raise OSError(errno.EFAULT, os.strerror(errno.EFAULT))  # the int is the pointer
        view = memoryview(arg.encode() if isinstance(arg, str) else arg)
        in_place = mutate_flag and not view.readonly
        if not in_place and view.nbytes > IOCTL_BUFSZ:
            raise ValueError('ioctl string arg too long')
        buf = bytearray(view.tobytes()) + bytes(max(0, IFREQ_SIZE - view.nbytes))
        if ifreq:
            buf[_consts['IFNAMSIZ'] - 1] = 0  # the kernel ends the name there
            name = bytes(buf[:_consts['IFNAMSIZ']]).split(b'\0', 1)[0].decode('latin-1')
            _, data = _ch.call('ifreq', n, request, name)
            start = _consts['IFNAMSIZ']
            buf[start:start + len(data)] = data
        elif puts:
            r, _ = _ch.call('ioctl', n, request)
            buf[:4] = int(r).to_bytes(4, 'little', signed=True)
        else:
            (nonblocking.add if int.from_bytes(buf[:4], 'little', signed=True) else nonblocking.discard)(n)
        if not in_place:
            return bytes(buf[:view.nbytes])
        view.cast('B')[:] = buf[:view.nbytes]
        return 0
    return ioctl


def _socket_of(fd):
    s = _owner(fd)
    if s is None:
        raise OSError(22, 'Invalid argument')  # read(2)/write(2) on an epoll fd
    return s


# read(2) and write(2) on a socket are recv and send with no flags (the socket object's own
# path, so a copy sent ahead and a pending send are kept in order)
def _read(fd, n):
    return _real['read'](fd, n) if fd not in _open else _socket_of(fd).recv(int(n))


def _write(fd, data):
    return _real['write'](fd, data) if fd not in _open else _socket_of(fd).send(data)


def _close(fd):
    if fd not in _open:
        return _real['close'](fd)
    _ch.call('close', fd)
    closed(fd)


def _dup(fd):
    if fd not in _open:
        return _real['dup'](fd)
    nfd, _ = created('dup', fd)
    opened(nfd)
    return nfd


def _set_blocking(fd, blocking):
    if fd not in _open:
        return _real['set_blocking'](fd, blocking)
    (nonblocking.discard if blocking else nonblocking.add)(fd)


def _get_blocking(fd):
    if fd not in _open:
        return _real['get_blocking'](fd)
    return not _is_nonblocking(fd)


def install(ch, consts):
    global _ch, _consts
    _ch = ch
    _consts = consts
    os.read, os.write, os.close, os.dup = _read, _write, _close, _dup
    os.set_blocking, os.get_blocking = _set_blocking, _get_blocking
    from . import imports
    imports.after_import('fcntl', lambda m: (setattr(m, 'fcntl', _fcntl(m.fcntl)), setattr(m, 'ioctl', _ioctl(m.ioctl))))
