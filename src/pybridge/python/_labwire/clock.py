"""time and datetime on the simulated clock.

The clock stands still while Python runs: every reply from the bridge carries the simulated
time and the clocks read it. A thread that only reads the clock (`while time.time() < t`)
would never see it move, so reads count as busy-waiting calls (channel.idle): past the
system-call layer's limit the bridge moves the clock on by a quantum and the report says so.
"""
import datetime as _dt
import math
import time as _time

from .stdio import OUT_NOTE_BYTES

_ch = None
_epoch_ns = 0
_real = {}
_stderr_waiting = int  # stdio.Screen.err_size once stdio is installed (int() is 0)


def _now_ns():
    ch = _ch
    ch.idle_calls += 1  # ch.idle(), inlined: logging reads the clock for every record
    if ch.idle_calls > ch.busy_calls:
        ch.call('spin')
    if _stderr_waiting() > OUT_NOTE_BYTES:
        ch.note()
    return ch.now


def time():
    ch = _ch
    ch.idle_calls += 1  # _now_ns(), inlined: logging reads this clock for every record
    if ch.idle_calls > ch.busy_calls:
        ch.call('spin')
    # what logging wrote to stderr since (stdio.py: no Python code sees those writes)
    if _stderr_waiting() > OUT_NOTE_BYTES:
        ch.note()
    return (_epoch_ns + ch.now) / 1e9


def time_ns():
    return _epoch_ns + _now_ns()


def monotonic():
    return _now_ns() / 1e9


def monotonic_ns():
    return _now_ns()


def sleep(secs):
    if secs < 0:
        raise ValueError('sleep length must be non-negative')
    # _PyTime_ROUND_TIMEOUT: a timeout rounds up to the next nanosecond
    _ch.call('sleep', math.ceil(secs * 1e9))


def _with_now(fn):
    def wrapped(secs=None):
        return fn(time() if secs is None else secs)
    wrapped.__name__ = fn.__name__
    return wrapped


def strftime(fmt, t=None):
    return _real['strftime'](fmt, _real['localtime'](time()) if t is None else t)


def asctime(t=None):
    return _real['asctime'](_real['localtime'](time()) if t is None else t)


def clock_gettime(clk):
    return time() if clk == _time.CLOCK_REALTIME else monotonic()


def clock_gettime_ns(clk):
    return time_ns() if clk == _time.CLOCK_REALTIME else monotonic_ns()


class datetime(_dt.datetime):
    """datetime.datetime whose now()/today()/utcnow() read the simulated clock."""

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(time(), tz)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(time())

    @classmethod
    def utcnow(cls):
        return cls.utcfromtimestamp(time())

    def __repr__(self):
        # a subclass would print as "datetime(…)"; Python prints the base type's name
        return 'datetime.' + super().__repr__()


class date(_dt.date):
    @classmethod
    def today(cls):
        return cls.fromtimestamp(time())

    def __repr__(self):
        return 'datetime.' + super().__repr__()


for _cls in (datetime, date):
    _cls.__module__ = 'datetime'
    _cls.__qualname__ = _cls.__name__


def watch_stderr(err_size):
    """clock reads check stderr's output: logging reads the clock for every record"""
    global _stderr_waiting
    _stderr_waiting = err_size


def install(ch, epoch_seconds):
    global _ch, _epoch_ns
    _ch = ch
    _epoch_ns = epoch_seconds * 1_000_000_000
    for name in ('localtime', 'gmtime', 'ctime', 'strftime', 'asctime'):
        _real[name] = getattr(_time, name)
    replaced = {
        'time': time, 'time_ns': time_ns, 'sleep': sleep, 'strftime': strftime, 'asctime': asctime,
        'clock_gettime': clock_gettime, 'clock_gettime_ns': clock_gettime_ns,
        'localtime': _with_now(_real['localtime']), 'gmtime': _with_now(_real['gmtime']), 'ctime': _with_now(_real['ctime']),
    }
    # every other clock of the time module reads the simulated monotonic clock
    for name in ('monotonic', 'perf_counter', 'process_time', 'thread_time'):
        replaced[name] = monotonic
        replaced[name + '_ns'] = monotonic_ns
    # staticmethod: like the C functions they replace, they must not bind as methods when a
    # class keeps one (logging.Formatter.converter = time.localtime, read as self.converter)
    for name, fn in replaced.items():
        setattr(_time, name, staticmethod(fn))
    _dt.datetime = datetime
    _dt.date = date
