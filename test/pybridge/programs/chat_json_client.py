# The chat server's client: log in as argv[2], after 1 s send argv[3] a line, print what
# arrives, then say bye after argv[4] seconds (default 1). What arrives first depends on who
# wrote first.
import json, socket, sys, time

server, me, friend = sys.argv[1:4]
linger = float(sys.argv[4]) if len(sys.argv) > 4 else 1
sock = socket.create_connection((server, 8889))
f = sock.makefile('rw', encoding='utf-8', newline='\n')


def send(**message):
    f.write(json.dumps(message) + '\n')
    f.flush()


send(cmd='login', name=me)
print(json.loads(f.readline()))
time.sleep(1)
send(cmd='send', to=friend, text=f'hello {friend}, this is {me}')
send(cmd='send', to='nobody', text='?')
for _ in range(3):
    print(json.loads(f.readline()))
time.sleep(linger)
send(cmd='bye')
print('server closed' if f.readline() == '' else 'more?')
sock.close()
