"""What labwire does not simulate fails loudly: an error naming the call and the program's
file:line, reported to the bridge so the run exits non-zero even if the program catches it.
os.fork/forkpty, subprocess, multiprocessing and ssl go through here."""
import os

from .errors import NotSimulatedError
from .frames import program_location
from .imports import after_import

_ch = None


def not_simulated(what, depth=3):
    """the error for `what`, reported to the bridge with the program's file:line"""
    where = program_location(depth)
    if _ch is not None:
        _ch.call('unsupported', what, where)
    return NotSimulatedError(f'{what} is not simulated by labwire ({where})')


def unsupported(what):
    raise not_simulated(what)


def _refuse(what):
    def refused(*args, **kwargs):
        unsupported(what)
    refused.__name__ = what
    return refused


def _patch_ssl(mod):
    mod.SSLContext.wrap_socket = _refuse('ssl.SSLContext.wrap_socket()')
    mod.SSLContext.wrap_bio = _refuse('ssl.SSLContext.wrap_bio()')
    if hasattr(mod, 'wrap_socket'):
        mod.wrap_socket = _refuse('ssl.wrap_socket()')


def _patch_multiprocessing(mod):
    mod.BaseProcess.start = _refuse('multiprocessing.Process.start()')


def _patch_subprocess(mod):
    mod.Popen._execute_child = _refuse('subprocess.Popen()')


_AFTER_IMPORT = {
    'ssl': _patch_ssl,
    'multiprocessing.process': _patch_multiprocessing,
    'subprocess': _patch_subprocess,
}


def install(ch):
    global _ch
    _ch = ch
    os.fork = _refuse('os.fork()')
    os.forkpty = _refuse('os.forkpty()')
    if hasattr(os, 'posix_spawn'):
        os.posix_spawn = _refuse('os.posix_spawn()')
        os.posix_spawnp = _refuse('os.posix_spawnp()')
    os.system = _refuse('os.system()')
    for name, patch in _AFTER_IMPORT.items():
        after_import(name, patch)
