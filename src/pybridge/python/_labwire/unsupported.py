"""What labwire does not simulate fails loudly: an error naming the call and the program's
file:line, reported to the bridge so the run exits non-zero even if the program catches it.
os.fork/forkpty, subprocess, multiprocessing, ssl and IPv6 sockets go through here."""
import os
import sys

from .errors import NotSimulatedError
from .frames import program_location

_ch = None


def unsupported(what):
    where = program_location(2)
    if _ch is not None:
        _ch.call('unsupported', what, where)
    raise NotSimulatedError(f'{what} is not simulated by labwire ({where})')


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


class _PostImport:
    """A meta-path finder that patches a module right after it is first executed."""

    def find_spec(self, name, path=None, target=None):
        patch = _AFTER_IMPORT.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = getattr(finder, 'find_spec', lambda *a: None)(name, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        exec_module = spec.loader.exec_module

        class Loader:
            def create_module(self, s):
                return spec.loader.create_module(s)

            def exec_module(self, module):
                exec_module(module)
                patch(module)

        spec.loader = Loader()
        return spec


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
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _PostImport())
