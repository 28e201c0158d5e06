#!/usr/bin/env python3
"""netem_udp.py HOST PORT COUNT SPACING_US: COUNT datagrams, each 16 bytes: its sequence
number (u64 big-endian) and CLOCK_REALTIME in ns (u64 big-endian) read just before sendto;
one every SPACING_US microseconds (sleeping to absolute times, so the pace does not drift)."""
import socket, struct, sys, time

host, port, count, spacing = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) * 1000
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
start = time.monotonic_ns()
for seq in range(count):
    wait = start + seq * spacing - time.monotonic_ns()
    if wait > 0:
        time.sleep(wait / 1e9)
    s.sendto(struct.pack('>QQ', seq, time.time_ns()), (host, port))
