# determinism: every value here must be the same on every run with one seed
import time, datetime, random, uuid, secrets, os

print('time', time.time())
print('now', datetime.datetime.now())
print('random', random.random())
print('uuid4', uuid.uuid4())
print('token', secrets.token_hex(8))
print('pid', os.getpid())
print('set', {'alpha', 'beta', 'gamma', 'delta', 'epsilon'})
print('object', object())
time.sleep(1.5)
print('after sleep', time.monotonic())
