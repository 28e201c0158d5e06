"""Exceptions as CPython raises them on Linux, built from the bridge's error replies.

An error reply is [kind, code, text]: kind 'os' is an errno (OSError picks the PEP 3151
subclass from the number, str() is "[Errno 111] Connection refused"), 'timeout' is
socket.timeout ("timed out"), 'gai' and 'herror' are the resolver's, 'value' a ValueError.
"""


class gaierror(OSError):
    pass


class herror(OSError):
    pass


gaierror.__module__ = 'socket'
herror.__module__ = 'socket'


class NotSimulatedError(RuntimeError):
    """Something labwire does not simulate (os.fork, ssl…): the run exits non-zero."""


NotSimulatedError.__module__ = 'labwire'


def from_reply(err):
    kind, code, text = err
    if kind == 'os':
        return OSError(code, text)
    if kind == 'timeout':
        return TimeoutError('timed out')
    if kind == 'gai':
        return gaierror(code, text)
    if kind == 'herror':
        return herror(code, text)
    if kind == 'value':
        return ValueError(text)
    if kind == 'overflow':
        return OverflowError(text)
    if kind == 'unsupported':
        from .unsupported import not_simulated
        return not_simulated(text)
    return RuntimeError(text)
