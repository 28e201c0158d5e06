# Bench reference: N round trips of a small message over the pipes a bridged child talks on
# (fd 3 in, fd 4 out), with no framing and no simulation: what this machine's pipes and
# process wake-ups allow now. Prints nothing; the bench times it from the Node end.
import os
import sys

n = int(sys.argv[1])
msg = b'x' * 40
for _ in range(n):
    os.write(4, msg)
    if not os.read(3, 65536):
        break
