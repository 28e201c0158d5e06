"""sys.stdout and sys.stderr as CPython makes them for a terminal: line-buffered text over a
BufferedWriter, so a line leaves at its newline, a partial line (print(end=''), input()'s
prompt) only when flushed (input() flushes it; exit flushes what is left, after the
traceback), as `docker exec -it` would show it. Their bytes ride to the bridge with the next
request (the transcript gets them at the simulated time they were flushed); the bridge joins
both streams as one screen (process.ts).

What leaves stderr's buffer lands in a BytesIO, with no Python code on the way: logging
writes and flushes a line per record, and a Python layer there cost more than the write(2)
it stands for. stdout's writes go through Python and note where stderr's bytes stood, so
the two streams' runs are taken in the order they were written.
"""
import io
import sys

# this much output waiting goes as a note: checked on stdout's writes and on clock reads
# (logging reads the clock for every record); calls answered from read-ahead send their log,
# and the output with it, every ahead.NOTE_CALLS anyway
OUT_NOTE_BYTES = 1 << 16


class _Raw:
    """fileno and isatty of a terminal's stream, for the raw file under a BufferedWriter"""

    def fileno(self):
        return self._fd

    def isatty(self):
        return False

    def seekable(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return True


class _Stderr(_Raw, io.BytesIO):
    """stderr's raw file: BytesIO's C write keeps what leaves the buffer, in order"""

    def __init__(self, fd, on_close):
        io.BytesIO.__init__(self)
        self._fd = fd
        self._on_close = on_close

    def close(self):
        # sys.stderr.close(): what it wrote, its buffer's last bytes included, still goes
        if not self.closed:
            self._on_close(self.getvalue())
        io.BytesIO.close(self)


class _Stdout(_Raw, io.RawIOBase):
    """stdout's raw file: each write kept with the size stderr's bytes had then"""

    def __init__(self, screen, fd):
        io.RawIOBase.__init__(self)
        self._fd = fd
        self.write = screen.stdout_write


class Screen:
    """The output of both streams since the last frame; `take` gives it as runs of one stream."""

    def __init__(self, ch):
        self.stderr_raw = self.err = _Stderr(2, self._stderr_closed)
        self.err_size = self.err.tell  # C: stderr's bytes waiting
        # told each new err_size (clock.watch_stderr)
        self._watch = None
        # stdout's writes: [stderr's size when written, [bytes…]], consecutive ones joined
        self.out = []
        self.out_bytes = 0
        out = self.out

        def stdout_write(b):
            b = bytes(b)
            at = self.err_size()
            if out and out[-1][0] == at:
                out[-1][1].append(b)
            else:
                out.append((at, [b]))
            self.out_bytes += len(b)
            if self.out_bytes + at > OUT_NOTE_BYTES:
                ch.note()
            return len(b)

        self.stdout_write = stdout_write

    def watch(self, told):
        """`told(err_size)` now and whenever stderr's bytes move (clock reads check them)"""
        self._watch = told
        told(self.err_size)

    def _stderr_closed(self, left):
        """sys.stderr was closed: its bytes wait in a BytesIO of their own until they go"""
        self.err = io.BytesIO()
        self.err.write(left)
        self.err_size = self.err.tell
        if self._watch is not None:
            self._watch(self.err_size)

    def take(self):
        """[[stream, text]…] in the order written (None: nothing waiting); the screen starts afresh"""
        out, size = self.out, self.err_size()
        if not out and not size:
            return None
        err = b''
        if size:
            err = self.err.getvalue()
            self.err.seek(0)
            self.err.truncate()
        runs = []
        at = 0
        for pos, parts in out:
            if pos > at:
                runs.append([2, err[at:pos].decode('utf-8', 'replace')])
                at = pos
            runs.append([1, b''.join(parts).decode('utf-8', 'replace')])
        if size > at:
            runs.append([2, err[at:].decode('utf-8', 'replace')])
        out.clear()
        self.out_bytes = 0
        return runs


def _stream(raw, errors):
    # create_stdio() in Python/pylifecycle.c for a tty: BufferedWriter, line_buffering, no write_through
    buffered = io.BufferedWriter(raw, buffer_size=io.DEFAULT_BUFFER_SIZE)
    return io.TextIOWrapper(buffered, encoding='utf-8', errors=errors, line_buffering=True)


def install(ch):
    screen = ch.screen = Screen(ch)
    out = _stream(_Stdout(screen, 1), 'strict')
    err = _stream(screen.stderr_raw, 'backslashreplace')
    sys.stdout = sys.__stdout__ = out
    sys.stderr = sys.__stderr__ = err
