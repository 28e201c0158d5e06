#!/bin/bash
# TCP_INFO's segment counters on real Linux: segs.sh OUTDIR
# The pair lab; programs/segs_server.py on mesin1 echoes one 10-byte message from
# programs/segs_client.py on mesin2, and each prints tcpi_segs_out/segs_in/data_segs_in/
# data_segs_out (what `ss -ti` shows) once the exchange is over; mesin1's eth1 is captured.
# OUT/server.txt, client.txt, env.txt, mesin1-eth1.pcap. Needs root, iproute2, tcpdump, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: segs.sh OUTDIR}")
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
pair_up cubic
pair_env "$OUT/env.txt"
ip netns exec gtu1 tcpdump -q -U -n -i eth1 -s 128 --time-stamp-precision=nano -w "$OUT/mesin1-eth1.pcap" 2>"$OUT/tcpdump-stats.txt" & cap=$!
sleep 1
ip netns exec gtu1 $PY $PROGS/segs_server.py > "$OUT/server.txt" 2>&1 & srv=$!
sleep 0.5
ip netns exec gtu2 $PY $PROGS/segs_client.py > "$OUT/client.txt" 2>&1
wait $srv; sleep 0.5; kill -INT $cap; wait $cap 2>/dev/null
pair_down
cat "$OUT/server.txt" "$OUT/client.txt"
