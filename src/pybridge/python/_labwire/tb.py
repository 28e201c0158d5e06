"""Tracebacks as the student would see them on Linux: the shim's own frames left out,
for uncaught errors in the main thread, in threads and in traceback/logging output."""
import sys
import threading
import traceback

from .frames import is_shim


def _skip_shim(walk):
    def walk_filtered(tb_or_frame):
        for item in walk(tb_or_frame):
            frame = item[0]
            if not is_shim(frame.f_code.co_filename):
                yield item
    return walk_filtered


def _excepthook(exc_type, exc, tb):
    traceback.print_exception(exc_type, exc, tb, file=sys.stderr)


def _thread_excepthook(args):
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else threading.get_ident()
    print(f'Exception in thread {name}:', file=sys.stderr)
    traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback, file=sys.stderr)


def install():
    traceback.walk_tb = _skip_shim(traceback.walk_tb)
    traceback.walk_stack = _skip_shim(traceback.walk_stack)
    if hasattr(traceback, '_walk_tb_with_full_positions'):
        traceback._walk_tb_with_full_positions = _skip_shim(traceback._walk_tb_with_full_positions)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
