# A UDP sensor (the course's progjar2 telemetry style): ten JSON readings to the collector,
# one every 0.2 s, then {"done": true}.
import json
import socket
import sys
import time

collector, name = sys.argv[1], sys.argv[2]
base = float(sys.argv[3])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(10):
    reading = {'sensor': name, 'seq': i, 'celsius': round(base + (i % 4) * 0.25, 2), 'humidity': 60 + i}
    sock.sendto(json.dumps(reading).encode(), (collector, 5005))
    time.sleep(0.2)
sock.sendto(json.dumps({'sensor': name, 'done': True}).encode(), (collector, 5005))
print(name, 'sent 10 readings')
