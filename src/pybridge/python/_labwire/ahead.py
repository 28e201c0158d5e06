"""Calls answered in the child while the world stands still, and their log for the bridge.

Between two requests nothing changes in the simulation, so some calls have an answer known in
advance: recv on a copy of the receive queue the bridge sent ahead, and send/sendall on a TCP
socket whose send buffer the bridge said has room for them (sk_stream_memory_free: bytes fit
while the queue stays below sk_sndbuf). Each such call is logged in order; the bridge replays
the log (src/pybridge/ahead.ts, replayCalls) before it serves the next frame, at the same instant, so the
kernel sees every read and write, and sends every ACK, window update and segment, exactly as
if each call had been a request. Logged sends' bytes follow in the frame's data, in order.

Log entries: [0, fd, n, times] recv(n) served `times` times in a row; [1, fd, flags, length]
sendall; [2, fd, flags, length] send (which took every byte).
"""

RECV, SENDALL, SEND = 0, 1, 2
# this many calls logged (or this much logged data) go to the bridge without waiting for the
# next request, so the bridge replays them while the program runs on
NOTE_CALLS = 2048
NOTE_BYTES = 1 << 18


class Ahead:
    __slots__ = ('ch', 'copies', 'room', 'log', 'calls', 'data', 'data_bytes')

    def __init__(self, ch):
        # the channel: a call answered here counts as progress (ch.idle_calls), a full log goes as a note
        self.ch = ch
        # fd -> [bytes, position, complete]: the receive queue as the bridge sent it ahead
        self.copies = {}
        # fd -> bytes a send may still queue without waiting for room
        self.room = {}
        self.log = []
        self.calls = 0
        self.data = []
        self.data_bytes = 0

    def new_instant(self):
        """a request is about to be served: the world may move, what was known is stale"""
        if self.copies:
            self.copies.clear()
        if self.room:
            self.room.clear()

    def recv(self, fd, n):
        """recv(n) from the copy sent ahead, or None"""
        ra = self.copies.get(fd)
        if ra is None:
            return None
        buf, pos, complete = ra
        if pos + n > len(buf) and not complete:
            return None
        d = buf[pos:pos + n]
        if not d:
            return None
        ra[1] = pos + len(d)
        self.served()
        log = self.log
        last = log[-1] if log else None
        if last is not None and last[0] == RECV and last[1] == fd and last[2] == n:
            last[3] += 1
        else:
            log.append([RECV, fd, n, 1])
        self.calls += 1
        if self.calls >= NOTE_CALLS:
            self.ch.note()
        return d

    def send(self, fd, data, kind):
        """queue `data` (bytes, not empty) if it fits the known room; False: make the request"""
        room = self.room.get(fd)
        n = len(data)
        if room is None or n > room:
            return False
        self.room[fd] = room - n
        self.served()
        self.log.append([kind, fd, 0, n])
        self.data.append(data)
        self.data_bytes += n
        self.calls += 1
        if self.calls >= NOTE_CALLS or self.data_bytes >= NOTE_BYTES:
            self.ch.note()
        return True

    def served(self):
        """a call answered here is progress, and may change what poll would say: forget its answers"""
        ch = self.ch
        ch.idle_calls = 0
        if ch.fruitless:
            ch.fruitless.clear()

    def take(self):
        """(log, data) for the next frame, or (None, b'') when nothing was logged"""
        if not self.log:
            return None, b''
        log, self.log = self.log, []
        self.calls = 0
        data = b''.join(self.data) if self.data else b''
        self.data = []
        self.data_bytes = 0
        return log, data
