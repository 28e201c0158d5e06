"""sys.stdout and sys.stderr as CPython makes them for a terminal: line-buffered text over a
BufferedWriter, so a line leaves at its newline, a partial line (print(end=''), input()'s
prompt) only when flushed (input() flushes it; exit flushes what is left, after the
traceback), as `docker exec -it` would show it. Their bytes ride to the bridge with the next
request (the transcript gets them at the simulated time they were flushed); the bridge joins
both streams as one screen (process.ts)."""
import io
import sys

from .channel import OUT_NOTE_BYTES


class _Out(io.RawIOBase):
    def __init__(self, ch, stream, fd):
        self._ch = ch
        self._stream = stream
        self._fd = fd

    def writable(self):
        return True

    def fileno(self):
        return self._fd

    def isatty(self):
        return False

    def write(self, b):
        # onto the channel's output (logging writes here once per record)
        if type(b) is not bytes:
            b = bytes(b)
        ch = self._ch
        out = ch.out
        if out and out[-1][0] == self._stream:
            out[-1][1].append(b)
        else:
            out.append((self._stream, [b]))
        ch.out_bytes += len(b)
        if ch.out_bytes > OUT_NOTE_BYTES:
            ch.note()
        return len(b)


def _stream(ch, fd, errors):
    # create_stdio() in Python/pylifecycle.c for a tty: BufferedWriter, line_buffering, no write_through
    buffered = io.BufferedWriter(_Out(ch, fd, fd), buffer_size=io.DEFAULT_BUFFER_SIZE)
    return io.TextIOWrapper(buffered, encoding='utf-8', errors=errors, line_buffering=True)


def install(ch):
    out = _stream(ch, 1, 'strict')
    err = _stream(ch, 2, 'backslashreplace')
    sys.stdout = sys.__stdout__ = out
    sys.stderr = sys.__stderr__ = err
