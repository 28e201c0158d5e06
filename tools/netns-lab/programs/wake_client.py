# Wake-up latency by wait length (wake.sh): connect to mesin1:10000 (TCP_NODELAY), then for each
# gap of argv[1] (seconds, comma-separated) send argv[2] messages of 10 bytes that far apart, so
# the server's recv() has waited about that long when each arrives. Gaps under 2 ms are
# busy-waited (this CPU stays busy), longer ones slept (both CPUs may go idle).
import socket, sys, time
gaps = [float(g) for g in sys.argv[1].split(',')]
count = int(sys.argv[2])
s = socket.create_connection(('172.16.16.101', 10000))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for gap in gaps:
    for _ in range(count):
        if gap >= 0.002:
            time.sleep(gap)
        else:
            until = time.perf_counter() + gap
            while time.perf_counter() < until:
                pass
        s.send(b'x' * 10)
s.close()
