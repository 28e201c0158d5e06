"""Modules that replace C ones keep the host's integer constants, with Linux's numbers
(src/stack/abi/linux.ts, sent by the bridge) over them."""
import types


def constant_module(name, doc, real, linux_constants, keep=lambda k: True):
    m = types.ModuleType(name, doc)
    for k, v in vars(real).items():
        if k.isupper() and isinstance(v, int):
            setattr(m, k, v)
    for k, v in linux_constants.items():
        if keep(k):
            setattr(m, k, v)
    return m
