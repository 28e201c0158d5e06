#!/bin/bash
# The 300 000-byte upload on real Linux: upload.sh OUTDIR [RUNS] [CC]
# Two namespaces on one bridge (the lab's eth1 network: mesin1 172.16.16.101 server, mesin2
# 172.16.16.102 client), the client sendall()s 300 000 bytes 4 KiB at a time, the server loops
# recv(1000). Each run: a capture on the server's eth1 (snaplen 128), the server's read
# count, and both programs' call times (runN.server-times.txt: accept and each recv as they
# returned; runN.client-times.txt: connect and each sendall; time.time_ns(), the capture's
# clock). (No cwnd curve: the transfer takes ~15 ms, and `ip netns exec … ss -ti` takes longer
# than that to start.) The congestion control is set per socket (TCP_CONGESTION; root may pick
# one the netns sysctl does not allow: here only reno and bbr are) and the namespace's
# net.ipv4.tcp_congestion_control is tried too. Needs root, iproute2, tcpdump, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: upload.sh OUTDIR [RUNS] [CC]}"); RUNS=${2:-3}; CC=${3:-cubic}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
for r in $(seq 1 $RUNS); do
  pair_record "$OUT" $r $CC "10000 $CC 1000 $OUT/run$r.server-times.txt" \
    "$PROGS/upload_client.py 172.16.16.101 10000 300000 $CC $OUT/run$r.client-times.txt"
done
