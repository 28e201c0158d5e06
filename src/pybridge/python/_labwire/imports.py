"""Patch a stdlib module right after it is first imported (or now, if it already was)."""
import sys

_AFTER_IMPORT = {}


def after_import(name, patch):
    if name in sys.modules:
        patch(sys.modules[name])
    _AFTER_IMPORT[name] = patch


class _PostImport:
    """A meta-path finder that lets the real finder load the module, then patches it."""

    def find_spec(self, name, path=None, target=None):
        patch = _AFTER_IMPORT.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        real = spec.loader

        class Loader:
            def create_module(self, s):
                return real.create_module(s)

            def exec_module(self, module):
                real.exec_module(module)
                patch(module)

        spec.loader = Loader()
        return spec


def install():
    sys.meta_path.insert(0, _PostImport())
