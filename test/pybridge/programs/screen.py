# stdout and stderr interleaved between two requests and across them: print, logging,
# sys.stderr.write, partial lines and flushes, and more log output at one instant than
# goes in one frame (a note). argv: the number of log records in the long run.
import logging
import sys
import time

logging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')
records = int(sys.argv[1])
print('out 1')
logging.info('err 1')
print('out 2')
sys.stderr.write('err 2\n')
sys.stderr.write('err 3\n')
print('out 3')
time.sleep(0.5)
print('partial', end='')
sys.stderr.write('err 4\n')
sys.stdout.flush()
print(' line')
for i in range(records):
    logging.info('record %d', i)
    if i % 1000 == 999:
        print('out at', i)
time.sleep(0.25)
sys.stderr.write('no newline')
sys.stderr.flush()
print('last')
