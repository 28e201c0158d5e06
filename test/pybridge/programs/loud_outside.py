# Reads all of a big stdin, writes a lot straight to its real stderr (outside the simulation,
# past any pipe's buffer), then makes calls into the simulation: nothing of this may stall it.
import os
import sys
import time

text = sys.stdin.read()
print('stdin', len(text), text[:5])
os.write(2, b'.' * (1 << 20))
time.sleep(0.5)
print('after', time.monotonic())
