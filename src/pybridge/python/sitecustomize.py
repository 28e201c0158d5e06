"""labwire's Python bridge: imported by site before the student's program runs.

The bridge (src/pybridge) starts the child with PYTHONPATH pointing here and the request and
reply pipes named in LABWIRE_FDS. Outside a labwire run this module does nothing.
"""
import os

if os.environ.get('LABWIRE_FDS'):
    import _labwire
    _labwire.install()
