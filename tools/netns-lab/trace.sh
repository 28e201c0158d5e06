#!/bin/bash
# An idle run with the kernel's tracepoints and nstat: trace.sh bulk|upload OUTDIR [RUNS]
#   bulk:   bulk-cwnd.sh's 4 MiB transfer (recv(262144) reader); per run trN.client.txt /
#           trN.server.txt (the programs' output), both namespaces' nstat (trN.nstat-server.txt,
#           trN.nstat-client.txt) and trN.timeline.txt (trace_timeline.py: tcp_probe,
#           tcp_rcvbuf_grow and the server's accept/mmap/recvfrom, µs from the first data skb the
#           server's socket processed).
#   upload: upload.sh's 300 000 bytes (recv(1000) reader); per run tN.server.txt / tN.client.txt,
#           tN.server-times.txt / tN.client-times.txt (each call's return, as upload.sh's), the
#           server namespace's nstat and tN.chain.txt (chain_timeline.py: each ACK the server sent,
#           where the client took it, its answer and the server's recvfrom() around it).
# No captures. Uses /sys/kernel/tracing (root; mounts tracefs if needed) with clock mono, and
# leaves tracing off with the buffer size and clock put back (1408 KB, local). Needs iproute2,
# python3.
set -uo pipefail
CASE=${1:-}; OUT=$(realpath -m "${2:?usage: trace.sh bulk|upload OUTDIR [RUNS]}"); RUNS=${3:-4}
HERE=$(dirname "$(realpath "$0")")
case $CASE in
  bulk)
    EVENTS="tcp/tcp_probe tcp/tcp_rcvbuf_grow tcp/tcp_rcv_space_adjust syscalls/sys_enter_recvfrom syscalls/sys_exit_recvfrom syscalls/sys_enter_accept4 syscalls/sys_exit_accept4 syscalls/sys_enter_mmap syscalls/sys_exit_mmap exceptions/page_fault_user"
    KB=16384 ;;
  upload)
    EVENTS="tcp/tcp_probe net/net_dev_xmit net/netif_receive_skb net/netif_rx sched/sched_switch sched/sched_wakeup irq/softirq_entry irq/softirq_exit irq/softirq_raise syscalls/sys_enter_recvfrom syscalls/sys_exit_recvfrom syscalls/sys_enter_sendto syscalls/sys_exit_sendto power/cpu_idle"
    KB=32768 ;;
  *) echo "usage: trace.sh bulk|upload OUTDIR [RUNS]" >&2; exit 2 ;;
esac
source "$HERE/pair-lab.sh"
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T
events() { for e in $EVENTS; do [ -e $T/events/$e/enable ] && echo $1 > $T/events/$e/enable; done; }
for r in $(seq 1 $RUNS); do
  echo 0 > $T/tracing_on; echo > $T/trace; echo mono > $T/trace_clock; echo $KB > $T/buffer_size_kb
  echo 'sport == 10000 || dport == 10000' > $T/events/tcp/tcp_probe/filter
  events 1
  pair_up cubic
  for m in 1 2; do ip netns exec gtu$m nstat -n >/dev/null; done
  if [ $CASE = bulk ]; then
    p=$OUT/tr$r; server="10000 cubic 262144"; client="bulk_client.py 172.16.16.101 10000 4194304 cubic"
  else
    p=$OUT/t$r; server="10000 cubic 1000 $p.server-times.txt"; client="upload_client.py 172.16.16.101 10000 300000 cubic $p.client-times.txt"
  fi
  ip netns exec gtu1 $PY $PROGS/upload_server.py $server > "$p.server.txt" 2>&1 & srv=$!
  sleep 0.5
  echo 1 > $T/tracing_on
  ip netns exec gtu2 $PY $PROGS/$client > "$p.client.txt" 2>&1
  wait $srv
  echo 0 > $T/tracing_on
  ip netns exec gtu1 nstat | grep -v '^#' > "$p.nstat-server.txt"
  events 0; echo 0 > $T/events/tcp/tcp_probe/filter
  if [ $CASE = bulk ]; then
    ip netns exec gtu2 nstat | grep -v '^#' > "$p.nstat-client.txt"
    python3 "$HERE/trace_timeline.py" $T/trace 2500 > "$p.timeline.txt"
  else
    python3 "$HERE/chain_timeline.py" $T/trace > "$p.chain.txt"
  fi
  echo > $T/trace
  pair_down
done
echo 1408 > $T/buffer_size_kb; echo local > $T/trace_clock
