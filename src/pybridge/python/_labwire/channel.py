"""The framed pipe protocol between a Python child and the bridge.

A frame is a 12-byte header (meta length, data length, thread id: three little-endian u32),
the meta as UTF-8 JSON and the raw data. Requests carry {"o": op, "a": args} plus the output
written since the last frame ("w"); replies carry the simulated time ("t", ns), a result
("r") or an error ("e"), and for a socket the program sends on, the room its send buffer has
("sr": [fd, bytes]).

Calls answered here from what the bridge sent ahead are logged and ride with the next frame
("ops", their sent bytes first in the data): ahead.py. A long log, or a lot of output, goes
as a note: a frame the bridge serves without a reply, while the program runs on.

Lockstep: the bridge answers one thread at a time and waits for that thread's next request
before it answers any other, so at most one Python thread runs. Threads waiting for replies
share the read end leader/follower style: whoever waits first reads frames and hands other
threads' frames to their slots.
"""
import json
import os
import struct
import _thread

from .ahead import Ahead

HEADER = struct.Struct('<III')
_unpack_header = HEADER.unpack_from
_pack_header = HEADER.pack


def _encoder():
    """compact JSON, non-ASCII as it is: json's C encoder called directly (JSONEncoder.encode
    spends most of a small request's time in Python around it)"""
    enc = json.JSONEncoder(separators=(',', ':'), ensure_ascii=False)
    c_make = getattr(json.encoder, 'c_make_encoder', None)
    if c_make is None:
        return enc.encode
    one = c_make(None, enc.default, json.encoder.encode_basestring, None, ':', ',', False, False, True)
    return lambda obj: ''.join(one(obj, 0))


def _decoder():
    """json.loads without its checks around the C scanner (the bridge sends one value)"""
    c_make = getattr(json.scanner, 'c_make_scanner', None)
    if c_make is None:
        return json.loads
    scan = c_make(json.JSONDecoder())
    return lambda text: scan(text, 0)[0]


_dumps = _encoder()
_loads = _decoder()
# non-blocking reads of the reply pipe before a blocking one (the bridge answers in microseconds)
SPIN_READS = 64
# the real calls: fds.py gives the program's os.read/os.write a layer for simulated fds
_os_read = os.read
_os_write = os.write
_real_lock = _thread.allocate_lock
_ident = _thread.get_ident


class ChildGone(BaseException):
    """The bridge closed the reply pipe (the run is over)."""


class Slot:
    __slots__ = ('frame', 'signal')

    def __init__(self):
        self.frame = None
        self.signal = _real_lock()
        self.signal.acquire()

    def wake(self):
        if self.signal.locked():
            self.signal.release()


class Channel:
    def __init__(self, rfd, wfd):
        self.rfd = rfd
        # the reply pipe again as a non-blocking file of its own (a dup would share O_NONBLOCK):
        # polled a few times before the blocking read, as the bridge polls its request pipe
        # kept beside the pipes at the top of the fd range, so the program's fds number as on Linux
        try:
            fd = os.open(f'/proc/self/fd/{rfd}', os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            self.pollfd = os.dup2(fd, max(rfd, wfd) + 1, inheritable=False)
            os.close(fd)
        except OSError:
            self.pollfd = -1
        self.wfd = wfd
        # bytes read and not yet taken: frames are cut from buf[pos:]
        self.buf = b''
        self.pos = 0
        # stdout's and stderr's output since the last frame (stdio.Screen, once installed)
        self.screen = None
        self.now = 0
        self.slots = {}
        # threads blocked on their slot's signal (not reading): who can take over the read end
        self.parked = set()
        self.tids = {}
        self.reader = _real_lock()
        self.writer = _real_lock()
        self.closed = False
        # busy-waiting: calls answered here since the last request (clock reads, repeated
        # EAGAINs); past busy_calls the bridge moves the clock on by a quantum ('spin')
        self.idle_calls = 0
        self.busy_calls = 1000
        # fruitless answers of this instant: nothing changes in the world until the next request
        self.fruitless = {}
        self.on_reply = None
        # read-ahead copies, send room and the log of the calls they answered
        self.ahead = Ahead(self)

    # ---- identity ---------------------------------------------------------------------
    def tid(self):
        return self.tids.get(_ident(), 0)

    def slot(self, tid):
        s = self.slots.get(tid)
        if s is None:
            s = self.slots[tid] = Slot()
        return s

    # ---- output -----------------------------------------------------------------------
    def note(self):
        """the log and output so far, without waiting for a reply (the world does not move)"""
        if self.closed:
            return
        self.send(self.tid(), 'note', [], note=True)

    # ---- frames -----------------------------------------------------------------------
    def send(self, tid, op, args, data=b'', note=False):
        meta = {'o': op, 'a': args}
        ahead = self.ahead
        if ahead.log:
            log, logged = ahead.take()
            meta['ops'] = log
            data = logged + data if data else logged
        if not note:
            if ahead.copies or ahead.room:
                ahead.new_instant()  # the world may move once this request is served
            if self.fruitless:
                self.fruitless.clear()
        written = self.screen.take() if self.screen is not None else None
        if written:
            meta['w'] = written
        m = _dumps(meta).encode()
        head = _pack_header(len(m), len(data), tid) + m
        with self.writer:
            if len(data) <= 65536:
                self._write(head + data if data else head)
            else:
                self._write(head)
                self._write(data)

    def _write(self, b):
        n = _os_write(self.wfd, b)
        if n < len(b):
            view = memoryview(b)[n:]
            while view:
                n = _os_write(self.wfd, view)
                view = view[n:]

    def _more(self, need):
        """make buf hold at least `need` bytes from pos on, reading the pipe"""
        parts = [self.buf[self.pos:]]
        have = len(parts[0])
        while have < need:
            chunk = self._read(max(65536, need - have))
            if not chunk:
                self.closed = True
                raise ChildGone()
            parts.append(chunk)
            have += len(chunk)
        self.buf = b''.join(parts)
        self.pos = 0

    def _read(self, n):
        if self.pollfd >= 0:
            for _ in range(SPIN_READS):
                try:
                    return _os_read(self.pollfd, n)
                except BlockingIOError:
                    pass
        return _os_read(self.rfd, n)

    def read_frame(self):
        if len(self.buf) - self.pos < 12:
            self._more(12)
        buf, pos = self.buf, self.pos
        mlen, dlen, tid = _unpack_header(buf, pos)
        end = pos + 12 + mlen + dlen
        if len(buf) < end:
            self._more(12 + mlen + dlen)
            buf, pos, end = self.buf, 0, 12 + mlen + dlen
        p = pos + 12
        meta = _loads(buf[p:p + mlen].decode())
        data = buf[p + mlen:end] if dlen else b''
        if end == len(buf):
            self.buf, self.pos = b'', 0
        else:
            self.pos = end
        return tid, meta, data

    def wait(self, tid):
        slot = self.slot(tid)
        while True:
            if slot.frame is not None:
                f = slot.frame
                slot.frame = None
                return f
            if self.reader.acquire(False):
                try:
                    while slot.frame is None:
                        t, meta, data = self.read_frame()
                        other = self.slot(t)
                        other.frame = (meta, data)
                        if other is not slot:
                            other.wake()
                finally:
                    self.reader.release()
            else:
                self.parked.add(tid)
                slot.signal.acquire()
                self.parked.discard(tid)

    def nudge(self, exiting):
        """A thread leaves for good: wake a parked thread to take over the read end."""
        self.slots.pop(exiting, None)
        for t in sorted(self.parked):
            if t != exiting:
                self.slots[t].wake()
                return

    def idle(self):
        """a call that achieved nothing, answered here: after busy_calls of them, a quantum passes"""
        self.idle_calls += 1
        if self.idle_calls > self.busy_calls:
            self.call('spin')

    def call_fruitful(self, key, op, *args, data=b'', keep_empty=True, keep_ready=False):
        """call(), but an EAGAIN or empty answer repeats itself until the next request: the
        world stands still meanwhile, so the same call would get the same answer.
        keep_ready: a level-triggered poll or epoll_wait, whose ready answer repeats itself too
        (a wait with something ready returns at once), so asyncore's loop over sockets that are
        always writable spins as on Linux and the clock moves on after busy_calls of them.
        keep_empty=False: a wait that timed out, after which the world has moved."""
        known = self.fruitless.get(key)
        if known is not None:
            self.idle()
            if isinstance(known, BaseException):
                raise known.with_traceback(None)
            return known
        try:
            r = self.call(op, *args, data=data)
        except BlockingIOError as e:
            self.fruitless[key] = e
            raise
        if (keep_ready if r[0] else keep_empty and r == ([], b'')):
            self.fruitless[key] = r
        return r

    def call(self, op, *args, data=b''):
        """One request and its reply: (result, data); an error reply raises its exception."""
        tid = self.tids.get(_ident(), 0)
        self.send(tid, op, args, data)
        meta, rdata = self.wait(tid)
        self.now = meta['t']
        self.idle_calls = 0
        room = meta.get('sr')
        if room is not None:
            self.ahead.room[room[0]] = room[1]
        err = meta.get('e')
        if err is not None:
            raise self.on_reply(err)
        return meta.get('r'), rdata
