# The sensors' collector: gathers readings until argv[1] sensors said done, printing every
# fifth one, then each sensor's count and averages.
import json
import socket
import sys

sensors = int(sys.argv[1]) if len(sys.argv) > 1 else 2
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('0.0.0.0', 5005))
readings = {}
done = 0
while done < sensors:
    data, peer = sock.recvfrom(512)
    message = json.loads(data)
    if message.get('done'):
        done += 1
        print(message['sensor'], 'from', peer[0], 'done')
        continue
    readings.setdefault(message['sensor'], []).append(message)
    if message['seq'] % 5 == 0:
        print('reading', message['sensor'], message['seq'], message['celsius'], len(data), 'bytes')
for name, got in sorted(readings.items()):
    celsius = sum(r['celsius'] for r in got) / len(got)
    humidity = sum(r['humidity'] for r in got) / len(got)
    print(f'{name}: {len(got)} readings, {celsius:.3f} C, {humidity:.1f} % on average')
