"""Where a call came from: the program's file:line, skipping the shim and the stdlib."""
import os
import sys
import sysconfig

SHIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_STDLIB = os.path.realpath(sysconfig.get_paths()['stdlib'])


def is_shim(filename):
    return filename.startswith(SHIM_DIR)


def is_library(filename):
    return is_shim(filename) or os.path.realpath(filename).startswith(_STDLIB) or filename.startswith('<frozen')


def program_location(depth=2):
    """file:line of the innermost frame of the program itself."""
    f = sys._getframe(depth)
    first = None
    while f is not None:
        name = f.f_code.co_filename
        if first is None and not is_shim(name):
            first = f
        if not is_library(name):
            return f'{os.path.basename(name)}:{f.f_lineno}'
        f = f.f_back
    if first is not None:
        return f'{os.path.basename(first.f_code.co_filename)}:{first.f_lineno}'
    return '?'
