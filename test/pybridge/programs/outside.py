# Reaching past the lab: an address no machine of the scenario has.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect(('192.0.2.1', 80))
except Exception as e:
    print(type(e).__name__, e)
s.close()
