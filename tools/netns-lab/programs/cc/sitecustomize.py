# Loaded before every program py-record.sh runs (PYTHONPATH): each new TCP socket picks cubic
# with TCP_CONGESTION, as labwire models it. The recording machine's namespaces may not choose
# cubic by sysctl (tcp_allowed_congestion_control is global: "reno bbr"), root may per socket,
# and accepted sockets inherit their listener's. The programs themselves stay unmodified.
import socket

_init = socket.socket.__init__


def _init_cubic(self, family=-1, type=-1, proto=-1, fileno=None):
    _init(self, family, type, proto, fileno)
    if fileno is None and self.family == socket.AF_INET and self.type == socket.SOCK_STREAM:
        self.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b'cubic')


socket.socket.__init__ = _init_cubic
