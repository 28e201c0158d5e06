# connect() to HOST:PORT, optionally with sock.settimeout(TIMEOUT); print what Python reports.
# argv: HOST PORT [TIMEOUT]
import sys, socket, time
host, port = sys.argv[1], int(sys.argv[2])
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else None
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
if timeout is not None:
    s.settimeout(timeout)
t0 = time.monotonic()
try:
    s.connect((host, port))
    print(f"connected after {time.monotonic() - t0:.6f} s")
except Exception as e:
    print(f"after {time.monotonic() - t0:.6f} s")
    print(f"type : {type(e).__name__}")
    print(f"repr : {e!r}")
    print(f"str  : {e}")
    print(f"errno: {getattr(e, 'errno', None)}")
    print(f"lab client line: INFO:root:ERROR: {str(e)}")
finally:
    s.close()
