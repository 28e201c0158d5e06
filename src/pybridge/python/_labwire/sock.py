"""The `_socket` module the stdlib's socket.py is built on, over simulated sockets.

Every method is one request to the bridge, which runs it as CPython's socketmodule.c would
on Linux (blocking calls park the simulated thread; with a timeout, poll then the call).
Constants are Linux's (the bridge sends src/stack/abi/linux.ts; others from the host's
_socket). No real socket is ever opened.
"""
import sys
import _socket as _real

from . import fds
from .ahead import SEND, SENDALL
from .consts import constant_module
from .errors import gaierror, herror
from .unsupported import unsupported

_ch = None
_default_timeout = None
_hostname = ''
SOMAXCONN_DEFAULT = 128  # CPython's listen() default: min(SOMAXCONN, 128)


def _call(op, *args, data=b''):
    return _ch.call(op, *args, data=data)


def _timeout_value(t):
    if t is None:
        return None
    t = float(t)
    if t != t or t < 0:
        raise ValueError('Timeout value out of range')
    return t


def _address(addr, what, family=None):
    """(host, port) as CPython's getsockaddrarg() checks it; AF_INET6 also takes flowinfo, scope_id."""
    if family == AF_INET6:
        if not isinstance(addr, tuple):
            raise TypeError(f'{what}(): AF_INET6 address must be tuple, not {type(addr).__name__}')
        if not 2 <= len(addr) <= 4:
            raise TypeError(f'AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])')
        flowinfo = addr[2] if len(addr) > 2 else 0
        if not 0 <= flowinfo <= 0xfffff:
            raise OverflowError(f'{what}(): flowinfo must be 0-1048575.')
        addr = addr[:2]
    elif not isinstance(addr, tuple) or len(addr) != 2:
        raise TypeError(f'{what}(): AF_INET address must be tuple, not {type(addr).__name__}')
    host, port = addr
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode('idna')
    if not isinstance(host, str):
        raise TypeError(f"str, bytes or bytearray expected, not {type(host).__name__}")
    if not isinstance(port, int):
        raise TypeError(f"'{type(port).__name__}' object cannot be interpreted as an integer")
    if not 0 <= port <= 65535:
        raise OverflowError(f'{what}(): port must be 0-65535.')
    return host, port


def _peer(a):
    if a is None:
        return None
    return tuple(a) if isinstance(a, list) else a


# families a lab machine has (Docker keeps CAP_NET_RAW) that labwire does not simulate: say so,
# where the table's EAFNOSUPPORT would claim the kernel lacks them
_OTHER_FAMILIES = {
    _real.AF_PACKET: 'socket(AF_PACKET) (a packet socket; labwire writes the machines\' captures itself: --out)',
    _real.AF_NETLINK: 'socket(AF_NETLINK) (the kernel\'s routing and interface tables)',
}


# IP multicast options Linux has and labwire does not simulate (source filters, the
# protocol-independent MCAST_* API, IPv6 multicast): named, where the table's ENOPROTOOPT would
# claim the kernel lacks them. IPv4's by Linux's numbers (include/uapi/linux/in.h): not every
# Python names them.
_MULTICAST_OPTIONS = {
    (_real.IPPROTO_IP, number): name
    for number, name in enumerate(('IP_UNBLOCK_SOURCE', 'IP_BLOCK_SOURCE', 'IP_ADD_SOURCE_MEMBERSHIP', 'IP_DROP_SOURCE_MEMBERSHIP',
                                   'IP_MSFILTER', 'MCAST_JOIN_GROUP', 'MCAST_BLOCK_SOURCE', 'MCAST_UNBLOCK_SOURCE',
                                   'MCAST_LEAVE_GROUP', 'MCAST_JOIN_SOURCE_GROUP', 'MCAST_LEAVE_SOURCE_GROUP', 'MCAST_MSFILTER'), 37)
}
_MULTICAST_OPTIONS.update({
    (_real.IPPROTO_IPV6, getattr(_real, n)): n
    for n in ('IPV6_JOIN_GROUP', 'IPV6_LEAVE_GROUP', 'IPV6_MULTICAST_IF', 'IPV6_MULTICAST_HOPS', 'IPV6_MULTICAST_LOOP')
    if hasattr(_real, n)
})
# options whose argument is a struct (ip_mreq, ip_mreqn, in_addr): its bytes go as a latin-1 string
_STRUCT_OPTIONS = {(_real.IPPROTO_IP, getattr(_real, n)) for n in ('IP_ADD_MEMBERSHIP', 'IP_DROP_MEMBERSHIP', 'IP_MULTICAST_IF')}


def _refuse_multicast(level, optname, call):
    name = _MULTICAST_OPTIONS.get((level, optname))
    if name is not None:
        unsupported(f'{call}({name}) (IP multicast)')


class socket:
    """_socket.socket: the simulated fd and CPython's timeout state."""

    __slots__ = ('_fd', '_family', '_type', '_proto', '_timeout')

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None:
            family = AF_INET if family == -1 else int(family)
            type = SOCK_STREAM if type == -1 else int(type)
            proto = 0 if proto == -1 else int(proto)
            if family in _OTHER_FAMILIES:
                unsupported(_OTHER_FAMILIES[family])
            fd, _ = fds.created('socket', family, type, proto)
        else:
            fd = int(fileno)
            if fd < 0:
                raise ValueError('negative file descriptor')
            info, _ = _call('sockinfo', fd, type == -1, proto == -1)
            family = info[0] if family == -1 else int(family)
            type = info[1] if type == -1 else int(type)
            proto = info[2] if proto == -1 else int(proto)
        self._fd = fd
        fds.opened(fd, self)
        self._family = family
        self._type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)
        self._proto = proto
        self._timeout = 0.0 if type & SOCK_NONBLOCK else _default_timeout

    family = property(lambda self: self._family)
    type = property(lambda self: self._type)
    proto = property(lambda self: self._proto)
    timeout = property(lambda self: self._timeout)

    def fileno(self):
        return self._fd

    def detach(self):
        fd, self._fd = self._fd, -1
        return fd

    def close(self):
        fd, self._fd = self._fd, -1
        if fd >= 0 and not _ch.closed:
            _call('close', fd)
            fds.closed(fd)

    def __del__(self):
        if getattr(self, '_fd', -1) >= 0 and _ch is not None and not _ch.closed and not sys.is_finalizing():
            try:
                self.close()
            except Exception:
                pass

    def settimeout(self, t):
        self._timeout = _timeout_value(t)
        fds.nonblocking.discard(self._fd)  # internal_setblocking() sets O_NONBLOCK afresh

    def gettimeout(self):
        return self._timeout

    def setblocking(self, flag):
        self._timeout = None if flag else 0.0
        fds.nonblocking.discard(self._fd)

    def _mode(self):
        """the timeout the calls run under: a blocking-mode socket the program made O_NONBLOCK
        through its fd (fcntl, os.set_blocking) makes each call once, as timeout 0 does"""
        if self._timeout is None and self._fd in fds.nonblocking:
            return 0.0
        return self._timeout

    def getblocking(self):
        return self._timeout != 0.0

    def _checked(self):
        if self._fd < 0:
            # CPython makes the call with fd -1 and the kernel answers EBADF: a call that achieves
            # nothing, as a loop that keeps reading a socket it closed makes it (the course's
            # thread-per-client HTTP server), so it counts toward the busy-wait quantum
            _ch.idle()
            raise OSError(9, 'Bad file descriptor')
        return self._fd

    def bind(self, addr):
        fd = self._checked()
        if self._family == AF_UNIX:
            _call('bind', fd, str(addr), 0)
            return
        host, port = _address(addr, 'bind', self._family)
        _call('bind', fd, host, port)

    def listen(self, backlog=SOMAXCONN_DEFAULT):
        _call('listen', self._checked(), max(0, int(backlog)))

    def connect(self, addr):
        host, port = _address(addr, 'connect', self._family)
        _call('connect', self._checked(), host, port, self._mode())

    def connect_ex(self, addr):
        try:
            self.connect(addr)
        except TimeoutError:
            return 11  # CPython: EWOULDBLOCK when the connect timed out
        except OSError as e:
            if e.errno is None or isinstance(e, (gaierror, herror)):
                raise
            return e.errno
        return 0

    def _fruitful(self, key, op, *args):
        if self._mode() == 0.0:
            return _ch.call_fruitful(key, op, *args)
        return _call(op, *args)

    def _accept(self):
        fd = self._checked()
        held = fds.reserve()
        try:
            r, _ = self._fruitful(('accept', fd), 'accept', fd, self._mode(), held)
        except BaseException:
            fds.release(held)
            raise
        if r[0] != held:
            fds.release(held)
        return r[0], _peer(r[1])

    def send(self, data, flags=0):
        data = bytes(data)
        if not flags and data and _ch.ahead.send(self._fd, data, SEND):
            return len(data)
        n, _ = _call('send', self._checked(), flags, self._mode(), data=data)
        return n

    def sendall(self, data, flags=0):
        data = bytes(data)
        if not flags and data and _ch.ahead.send(self._fd, data, SENDALL):
            return
        _call('sendall', self._checked(), flags, self._mode(), data=data)

    def sendto(self, data, flags_or_addr, addr=None):
        flags, addr = (0, flags_or_addr) if addr is None else (flags_or_addr, addr)
        host, port = _address(addr, 'sendto', self._family)
        n, _ = _call('sendto', self._checked(), flags, host, port, self._mode(), data=bytes(data))
        return n

    def recv(self, bufsize, flags=0):
        if flags == 0 and bufsize > 0:
            d = _ch.ahead.recv(self._fd, bufsize)
            if d is not None:
                return d
        if bufsize < 0:
            raise ValueError('negative buffersize in recv')
        fd = self._checked()
        r, d = self._fruitful(('recv', fd, bufsize, flags), 'recv', fd, bufsize, flags, self._mode())
        if r is not None:  # [bytes of this recv, the rest of the queue is complete]: the rest is a copy
            n, complete = r
            if len(d) > n:
                _ch.ahead.copies[self._fd] = [d[n:], 0, complete]
            return d[:n]
        return d

    def recvfrom(self, bufsize, flags=0):
        if bufsize < 0:
            raise ValueError('negative buffersize in recvfrom')
        fd = self._checked()
        r, d = self._fruitful(('recvfrom', fd, bufsize, flags), 'recvfrom', fd, bufsize, flags, self._mode())
        return d, _peer(r)

    def recv_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast('B')
        d = self.recv(nbytes or len(view), flags)
        view[:len(d)] = d
        return len(d)

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast('B')
        d, a = self.recvfrom(nbytes or len(view), flags)
        view[:len(d)] = d
        return len(d), a

    def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
        if ancdata:
            unsupported('sendmsg() with ancillary data (SCM_RIGHTS, credentials)')
        data = b''.join(bytes(b) for b in buffers)
        return self.send(data, flags) if address is None else self.sendto(data, flags, address)

    def recvmsg(self, bufsize, ancbufsize=0, flags=0):
        # no ancillary data is ever queued here (no SCM_RIGHTS, no IP_PKTINFO): an empty list
        if bufsize < 0:
            raise ValueError('negative buffer size in recvmsg()')
        if self._type == SOCK_STREAM:
            # tcp_recv_urg() sets MSG_OOB in msg_flags when it hands over the urgent byte
            return self.recv(bufsize, flags), [], int(flags) & _real.MSG_OOB, None
        fd = self._checked()
        r, d = self._fruitful(('recvmsg', fd, bufsize, flags), 'recvmsg', fd, bufsize, flags, self._mode())
        return d, [], r[1], _peer(r[0])

    def recvmsg_into(self, buffers, ancbufsize=0, flags=0):
        views = [memoryview(b).cast('B') for b in buffers]
        data, anc, msg_flags, address = self.recvmsg(sum(len(v) for v in views), ancbufsize, flags)
        at = 0
        for v in views:
            part = data[at:at + len(v)]
            v[:len(part)] = part
            at += len(part)
        return len(data), anc, msg_flags, address

    def shutdown(self, how):
        _call('shutdown', self._checked(), how)

    def setsockopt(self, level, optname, value, optlen=None):
        _refuse_multicast(level, optname, 'setsockopt')
        if isinstance(value, (bytes, bytearray, memoryview)) and (
                (level == _real.IPPROTO_TCP and optname == _real.TCP_CONGESTION) or (level, optname) in _STRUCT_OPTIONS):
            value = bytes(value).decode('latin-1')  # a name (char array) or a struct, not an int
        elif isinstance(value, (bytes, bytearray)):
            if level == SOL_SOCKET and optname == SO_LINGER and len(value) >= 8:
                value = list(int.from_bytes(value[i:i + 4], 'little', signed=True) for i in (0, 4))
            else:
                value = int.from_bytes(bytes(value[:4]).ljust(4, b'\0'), 'little', signed=True)
        elif value is None:
            value = 0
        _call('setsockopt', self._checked(), level, optname, value)

    def getsockopt(self, level, optname, buflen=None):
        _refuse_multicast(level, optname, 'getsockopt')
        v, data = _call('getsockopt', self._checked(), level, optname)
        if data:
            # a struct (TCP_INFO): its bytes, or without buflen the int its first 4 bytes make
            if buflen is None:
                return int.from_bytes(data[:4], 'little', signed=True)
            return bytes(data[:buflen])
        if buflen is None:
            return v if isinstance(v, int) else v[0]
        vals = v if isinstance(v, list) else [v]
        return b''.join(int(x).to_bytes(4, 'little', signed=True) for x in vals)[:buflen]

    def getsockname(self):
        r, _ = _call('getsockname', self._checked())
        return _peer(r)

    def getpeername(self):
        r, _ = _call('getpeername', self._checked())
        return _peer(r)

    def dup(self):
        """_socket.socket.dup(): a new fd for the same socket, CPython's default timeout"""
        return socket(self._family, self._type, self._proto, dup(self._checked()))

    def __repr__(self):
        return f'<socket object, fd={self._fd}, family={self._family}, type={self._type}, proto={self._proto}>'


def getdefaulttimeout():
    return _default_timeout


def setdefaulttimeout(t):
    global _default_timeout
    _default_timeout = _timeout_value(t)


def gethostname():
    return _hostname


def sethostname(name):
    raise PermissionError(1, 'Operation not permitted')


def gethostbyname(name):
    r, _ = _call('gethostbyname', str(name))
    return r


def gethostbyname_ex(name):
    r, _ = _call('gethostbyname_ex', str(name))
    return r[0], r[1], r[2]


def gethostbyaddr(addr):
    r, _ = _call('gethostbyaddr', str(addr))
    return r[0], r[1], r[2]


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode('idna')
    if isinstance(port, (bytes, bytearray)):
        port = bytes(port).decode()
    if isinstance(port, str):
        port = int(port) if port.isdigit() else _real.getservbyname(port)
    r, _ = _call('getaddrinfo', host, port, int(family), int(type), int(proto), int(flags))
    return [(a[0], a[1], a[2], a[3], tuple(a[4])) for a in r]


def getnameinfo(sockaddr, flags):
    """CPython's socket_getnameinfo over glibc's getnameinfo: the address must be numeric (one
    AI_NUMERICHOST lookup), its name comes from gethostbyaddr (/etc/hosts, then a PTR query on
    the simulated network), the service from the services table (tcp, or udp with NI_DGRAM)."""
    if not isinstance(sockaddr, tuple):
        raise TypeError('getnameinfo() argument 1 must be a tuple')
    if not 2 <= len(sockaddr) <= 4 or not isinstance(sockaddr[0], str) or not isinstance(sockaddr[1], int):
        raise TypeError('getnameinfo(): illegal sockaddr argument')
    host, port = sockaddr[0], sockaddr[1] & 0xffff  # the sockaddr's 16 bits, as glibc's htons leaves them
    infos = getaddrinfo(host, str(port), 0, _real.SOCK_DGRAM, 0, _real.AI_NUMERICHOST)
    if len(infos) > 1:
        raise OSError('sockaddr resolved to multiple addresses')
    family, address = infos[0][0], infos[0][4][0]
    if family == AF_INET and len(sockaddr) != 2:
        raise OSError('IPv4 sockaddr must be 2 tuple')
    return _name_of(address, flags), _service_of(port, flags)


def _name_of(address, flags):
    """glibc getnameinfo's host part: the number, or the name gethostbyaddr finds"""
    if flags & _real.NI_NUMERICHOST:
        return address
    try:
        name = gethostbyaddr(address)[0]
    except herror as e:
        if e.errno == 2:  # TRY_AGAIN: no name server answered
            raise gaierror(_real.EAI_AGAIN, 'Temporary failure in name resolution') from None
        if flags & _real.NI_NAMEREQD:
            raise gaierror(_real.EAI_NONAME, 'Name or service not known') from None
        return address
    if flags & _real.NI_NOFQDN:
        # the local domain is what follows the host name's first dot
        domain = _hostname.partition('.')[2]
        if domain and name.endswith('.' + domain):
            name = name[:-len(domain) - 1]
    return name


def _service_of(port, flags):
    if flags & _real.NI_NUMERICSERV:
        return str(port)
    try:
        return _real.getservbyport(port, 'udp' if flags & _real.NI_DGRAM else 'tcp')
    except OSError:
        return str(port)


def socketpair(family=None, type=None, proto=0):
    family = AF_UNIX if family is None else family
    type = SOCK_STREAM if type is None else type
    r, _ = fds.created('socketpair', family, type, proto, count=2)
    return socket(family, type, proto, r[0]), socket(family, type, proto, r[1])


def close(fd):
    _call('close', int(fd))
    fds.closed(int(fd))


def dup(fd):
    r, _ = fds.created('dup', int(fd))
    return r


def if_nameindex():
    r, _ = _call('if_nameindex')
    return [(i, name) for i, name in r]


def if_nametoindex(name):
    if isinstance(name, (bytes, bytearray)):
        name = bytes(name).decode()
    if not isinstance(name, str):
        raise TypeError(f'expected str, bytes or os.PathLike object, not {type(name).__name__}')
    for i, n in if_nameindex():
        if n == name:
            return i
    raise OSError('no interface with this name')


def if_indextoname(index):
    if not isinstance(index, int):
        raise TypeError(f"'{type(index).__name__}' object cannot be interpreted as an integer")
    for i, n in if_nameindex():
        if i == index:
            return n
    raise OSError(6, 'No such device or address')


def _sendfile_use_sendfile(self, file, offset=0, count=None):
    """Linux's sendfile(2) in blocking mode: the whole file in one large write."""
    self._check_sendfile_params(file, offset, count)
    if self.gettimeout() == 0:
        raise ValueError('non-blocking sockets are not supported')
    file.seek(offset)
    data = file.read(count) if count else file.read()
    if data:
        self.sendall(data)
    file.seek(offset + len(data))
    return len(data)


def patch_socket_module(mod):
    mod.socket._sendfile_use_sendfile = _sendfile_use_sendfile


def module(ch, hostname, linux_constants):
    """A fresh `_socket` module: the host's constants and pure helpers, Linux's numbers, our calls."""
    global _ch, _hostname
    _ch = ch
    _hostname = hostname
    m = constant_module('_socket', 'labwire: simulated sockets', _real, linux_constants)
    g = globals()
    for k in ('AF_INET', 'AF_INET6', 'AF_UNIX', 'SOCK_STREAM', 'SOCK_NONBLOCK', 'SOCK_CLOEXEC', 'SOL_SOCKET', 'SO_LINGER'):
        g[k] = getattr(m, k)
    for name in ('inet_aton', 'inet_ntoa', 'inet_pton', 'inet_ntop', 'htons', 'htonl', 'ntohs', 'ntohl',
                 'getservbyname', 'getservbyport', 'getprotobyname', 'CMSG_LEN', 'CMSG_SPACE'):
        if hasattr(_real, name):
            setattr(m, name, getattr(_real, name))
    for f in (getdefaulttimeout, setdefaulttimeout, gethostname, sethostname, gethostbyname, gethostbyname_ex,
              gethostbyaddr, getaddrinfo, getnameinfo, socketpair, close, dup, if_nameindex, if_nametoindex,
              if_indextoname):
        setattr(m, f.__name__, f)
    m.socket = m.SocketType = socket
    m.error = OSError
    m.timeout = TimeoutError
    m.gaierror = gaierror
    m.herror = herror
    m.has_ipv6 = True
    m.CAPI = _real.CAPI  # _ssl imports it; wrapping a simulated socket is refused anyway
    return m
