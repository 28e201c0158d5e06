#!/bin/bash
# The idle bulk transfer of bulk-cwnd.sh with the kernel's tracepoints and nstat: bulk-trace.sh OUTDIR [RUNS]
# Each run (no capture): trN.client.txt / trN.server.txt (the programs' output), the nstat
# counters of the server's namespace and the client's, and trN.timeline.txt
# (trace_timeline.py: tcp_probe, tcp_rcvbuf_grow and the server's accept/mmap/recvfrom, µs
# from the first data skb the server's socket processed). Uses /sys/kernel/tracing (root;
# mounts tracefs if needed), clock mono, and leaves tracing off. Needs iproute2, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: bulk-trace.sh OUTDIR [RUNS]}"); RUNS=${2:-4}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T
EVENTS="tcp/tcp_probe tcp/tcp_rcvbuf_grow tcp/tcp_rcv_space_adjust syscalls/sys_enter_recvfrom syscalls/sys_exit_recvfrom syscalls/sys_enter_accept4 syscalls/sys_exit_accept4 syscalls/sys_enter_mmap syscalls/sys_exit_mmap exceptions/page_fault_user"
events() { for e in $EVENTS; do [ -e $T/events/$e/enable ] && echo $1 > $T/events/$e/enable; done; }
for r in $(seq 1 $RUNS); do
  echo 0 > $T/tracing_on; echo > $T/trace; echo mono > $T/trace_clock; echo 16384 > $T/buffer_size_kb
  echo 'sport == 10000 || dport == 10000' > $T/events/tcp/tcp_probe/filter
  events 1
  pair_up cubic
  ip netns exec gtu1 nstat -n >/dev/null; ip netns exec gtu2 nstat -n >/dev/null
  ip netns exec gtu1 $PY $PROGS/upload_server.py 10000 cubic 262144 > "$OUT/tr$r.server.txt" 2>&1 & srv=$!
  sleep 0.5
  echo 1 > $T/tracing_on
  ip netns exec gtu2 $PY $PROGS/bulk_client.py 172.16.16.101 10000 4194304 cubic > "$OUT/tr$r.client.txt" 2>&1
  wait $srv
  echo 0 > $T/tracing_on
  ip netns exec gtu1 nstat | grep -v '^#' > "$OUT/tr$r.nstat-server.txt"
  ip netns exec gtu2 nstat | grep -v '^#' > "$OUT/tr$r.nstat-client.txt"
  events 0; echo 0 > $T/events/tcp/tcp_probe/filter
  python3 "$(dirname "$(realpath "$0")")/trace_timeline.py" $T/trace 2500 > "$OUT/tr$r.timeline.txt"
  echo > $T/trace
  pair_down
done
