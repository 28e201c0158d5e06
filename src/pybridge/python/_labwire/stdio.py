"""sys.stdout and sys.stderr as line-buffered text streams whose bytes ride to the bridge
with the next request (the transcript gets them at the simulated time they were written)."""
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


def install(ch):
    out = io.TextIOWrapper(_Out(ch, 1, 1), encoding='utf-8', errors='strict', line_buffering=True, write_through=True)
    err = io.TextIOWrapper(_Out(ch, 2, 2), encoding='utf-8', errors='backslashreplace', line_buffering=True, write_through=True)
    sys.stdout = sys.__stdout__ = out
    sys.stderr = sys.__stderr__ = err
