# Reads its stdin, then blocks outside the simulation (the watchdog's case).
import signal

name = input()
print('hello', name)
try:
    input()
except EOFError as e:
    print('EOFError:', e)
signal.pause()
