#!/bin/bash
# The lab's echo (server.py on mesin1, client.py on mesin2, port 10000) on the two-namespace
# pair: echo-pair.sh OUTDIR [RMEM_MAX]. RMEM_MAX sets tcp_rmem's max in both namespaces (6291456:
# WSL2-like, window scale 7). Captures mesin1's eth1 (full frames) and keeps both programs' logs.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: echo-pair.sh OUTDIR [RMEM_MAX]}"); RMEM_MAX=${2:-}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
pair_up cubic
[ -n "$RMEM_MAX" ] && for m in 1 2; do ip netns exec gtu$m sysctl -qw "net.ipv4.tcp_rmem=4096 131072 $RMEM_MAX"; done
pair_env "$OUT/env.txt"
ip netns exec gtu1 tcpdump -q -U -n -i eth1 --time-stamp-precision=nano -w "$OUT/mesin1-eth1.pcap" 2>"$OUT/tcpdump-stats.txt" & CAP=$!
sleep 1
ip netns exec gtu1 $PY $PROGS/server.py 10000 > "$OUT/server.txt" 2>&1 & SRV=$!
sleep 0.5
ip netns exec gtu2 $PY $PROGS/client.py 10000 > "$OUT/client.txt" 2>&1
sleep 0.5; kill $SRV; sleep 0.5; kill -INT $CAP; wait $CAP 2>/dev/null
