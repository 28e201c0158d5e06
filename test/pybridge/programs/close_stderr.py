# A program that closes sys.stderr: what it wrote (the buffered partial line included) still
# reaches the terminal, and writing to it afterwards raises as on Linux.
import sys
import time

sys.stderr.write('err line\n')
sys.stderr.write('err partial')
print('out before')
sys.stderr.close()
try:
    print('after close', file=sys.stderr)
except ValueError as e:
    print('ValueError', e)
time.sleep(0.5)
print('out after sleep')
