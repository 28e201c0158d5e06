#!/bin/bash
# The idle 300 000-byte upload of upload.sh with the kernel's tracepoints and nstat: upload-trace.sh OUTDIR [RUNS]
# Each run (no capture): tN.server.txt / tN.client.txt (the programs' output),
# tN.server-times.txt / tN.client-times.txt (each call's return, as upload.sh's), the nstat
# counters of the server's namespace, and tN.chain.txt (chain_timeline.py: each ACK the server
# sent, where the client took it, its answer and the server's recvfrom() around it). Traces
# tcp_probe (both sockets), net_dev_xmit/netif_rx/netif_receive_skb, the scheduler's switches and
# wake-ups, softirqs, cpu_idle and both programs' sendto/recvfrom, clock mono; leaves tracing off.
# Needs root, iproute2, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: upload-trace.sh OUTDIR [RUNS]}"); RUNS=${2:-3}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T
EVENTS="tcp/tcp_probe net/net_dev_xmit net/netif_receive_skb net/netif_rx sched/sched_switch sched/sched_wakeup irq/softirq_entry irq/softirq_exit irq/softirq_raise syscalls/sys_enter_recvfrom syscalls/sys_exit_recvfrom syscalls/sys_enter_sendto syscalls/sys_exit_sendto power/cpu_idle"
events() { for e in $EVENTS; do [ -e $T/events/$e/enable ] && echo $1 > $T/events/$e/enable; done; }
for r in $(seq 1 $RUNS); do
  echo 0 > $T/tracing_on; echo > $T/trace; echo mono > $T/trace_clock; echo 32768 > $T/buffer_size_kb
  echo 'sport == 10000 || dport == 10000' > $T/events/tcp/tcp_probe/filter
  events 1
  pair_up cubic
  ip netns exec gtu1 nstat -n >/dev/null
  ip netns exec gtu1 $PY $PROGS/upload_server.py 10000 cubic 1000 "$OUT/t$r.server-times.txt" > "$OUT/t$r.server.txt" 2>&1 & srv=$!
  sleep 0.5
  echo 1 > $T/tracing_on
  ip netns exec gtu2 $PY $PROGS/upload_client.py 172.16.16.101 10000 300000 cubic "$OUT/t$r.client-times.txt" > "$OUT/t$r.client.txt" 2>&1
  wait $srv
  echo 0 > $T/tracing_on
  ip netns exec gtu1 nstat | grep -v '^#' > "$OUT/t$r.nstat-server.txt"
  events 0; echo 0 > $T/events/tcp/tcp_probe/filter
  python3 "$(dirname "$(realpath "$0")")/chain_timeline.py" $T/trace > "$OUT/t$r.chain.txt"
  echo > $T/trace
  pair_down
done
echo 1408 > $T/buffer_size_kb; echo local > $T/trace_clock
