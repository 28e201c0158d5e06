"""labwire's shim: installed by sitecustomize before the student's program runs.

Order matters: the channel and the bridge's configuration first (the hello/config round
trip), then the modules that replace C ones (`_socket`, `select`) before anything imports
`socket`, then the clock, threads, stdio, seeding, the not-simulated guards and the
traceback filter.
"""
import faulthandler
import os
import signal
import sys

from . import channel, clock, errors, fds, imports, select_, sock, stdio, tb, threads, unsupported

HIGH_FD = 1000


# a read-ahead copy (256 KiB) goes through in one write with room to spare. Not more: pipe
# memory counts against the user's pipe-user-pages-soft (64 MiB by default), past which
# every new pipe of that user is made small (pipe(7)).
PIPE_BYTES = 1 << 19


def _widen(*fds):
    """make the bridge's pipes hold PIPE_BYTES where Linux allows it (fcntl(2) F_SETPIPE_SZ,
    up to /proc/sys/fs/pipe-max-size for an unprivileged process): fewer switches between
    the child and the bridge per big frame"""
    try:
        import fcntl
        for fd in fds:
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _open_channel():
    rfd, wfd = (int(x) for x in os.environ.pop('LABWIRE_FDS').split(','))
    r, w = os.dup2(rfd, HIGH_FD, inheritable=False), os.dup2(wfd, HIGH_FD + 1, inheritable=False)
    os.close(rfd)
    os.close(wfd)
    _widen(r, w)
    ch = channel.Channel(r, w)
    ch.on_reply = errors.from_reply
    return ch


def _netns():
    try:
        return os.readlink('/proc/self/ns/net')
    except OSError:
        return ''


def _seed(ch, pid):
    """os.urandom is getrandom(2) on the simulated host; `random` seeds itself from it on
    first use (not at import, so a program that never draws leaves the host's stream alone)."""
    def urandom(n):
        if n < 0:
            raise ValueError('negative argument not allowed')
        return ch.call('urandom', n)[1]
    os.urandom = urandom
    os.getpid = lambda: pid
    imports.after_import('random', lambda random: _lazy_seed(random, urandom))


def _lazy_seed(random, urandom):
    random._urandom = urandom
    inst = random._inst
    names = [k for k, v in vars(random).items() if getattr(v, '__self__', None) is inst]
    originals = {k: getattr(random, k) for k in names}
    seeded = []

    def first_use(name):
        def draw(*args, **kwargs):
            if not seeded:
                seeded.append(True)
                if name != 'seed':
                    inst.seed(int.from_bytes(urandom(32), 'big'))
                for k, v in originals.items():
                    setattr(random, k, v)
            return originals[name](*args, **kwargs)
        return draw

    for k in names:
        setattr(random, k, first_use(k))


def install():
    ch = _open_channel()
    # fds the run's own parent left open (a shell's, an editor's) would shift the program's fd
    # numbers; a program started from a terminal has 0, 1 and 2 (the channel sits at HIGH_FD)
    os.closerange(3, HIGH_FD)
    cfg, _ = ch.call('hello', _netns(), sys.version_info[:3])
    consts = cfg['consts']
    ch.busy_calls = cfg['busyCalls']
    if cfg.get('uts'):
        import _socket as real
        real.sethostname(cfg['hostname'])
    fds.install(ch, consts)
    sys.modules['_socket'] = sock.module(ch, cfg['hostname'], consts)
    sys.modules['select'] = select_.module(ch, consts)
    for name in ('socket', 'selectors'):
        if name in sys.modules:
            import importlib
            importlib.reload(sys.modules[name])
    imports.install()
    imports.after_import('socket', sock.patch_socket_module)
    clock.install(ch, cfg['epoch'])
    threads.install(ch)
    stdio.install(ch)
    ch.screen.watch(clock.watch_stderr)
    _seed(ch, cfg['pid'])
    unsupported.install(ch)
    tb.install()
    # the watchdog's SIGUSR1 dumps every thread's Python stack to the real stderr
    faulthandler.register(signal.SIGUSR1, file=2, all_threads=True)
    import atexit
    atexit.register(_exit_frame, ch)
    real_exit = os._exit

    def _exit(code):
        # os._exit flushes no stdio buffer: what print() still holds is lost, as on Linux
        _exit_frame(ch, flush=False)
        real_exit(code)
    os._exit = _exit


def _exit_frame(ch, flush=True):
    """Registered first, so it runs last: the buffered output goes with the exit frame."""
    if ch.closed:
        return
    if flush:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
    ch.send(ch.tid(), 'exit', [])
    ch.closed = True
