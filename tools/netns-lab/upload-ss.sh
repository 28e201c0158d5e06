#!/bin/bash
# The 300 000-byte upload's receiver state at its end: upload-ss.sh OUTDIR [RUNS] [CC]
# As upload.sh (the pair lab, programs/upload_client.py, programs/upload_server.py recv(1000)),
# but the server holds the connection 1.5 s after the end of stream and `ss -tinm` on mesin1
# reads its socket meanwhile: rcv_rtt, rcv_space, rcv_ssthresh and skmem's rb (sk_rcvbuf), what
# DRS made of the transfer. OUT/runN.ss.txt and runN.server.txt; no capture.
# Needs root, iproute2, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: upload-ss.sh OUTDIR [RUNS] [CC]}"); RUNS=${2:-4}; CC=${3:-cubic}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
for r in $(seq 1 $RUNS); do
  pair_up $CC
  pair_env "$OUT/run$r.env.txt"
  ip netns exec gtu1 $PY $PROGS/upload_server.py 10000 $CC 1000 - 1.5 > "$OUT/run$r.server.txt" 2>&1 & srv=$!
  sleep 1.5
  ip netns exec gtu2 $PY $PROGS/upload_client.py 172.16.16.101 10000 300000 $CC > /dev/null 2>&1
  sleep 0.5
  ip netns exec gtu1 ss -tinm state close-wait > "$OUT/run$r.ss.txt"
  wait $srv
  pair_down
done
for r in $(seq 1 $RUNS); do
  echo "run $r: $(grep -o 'reads [0-9]*' "$OUT/run$r.server.txt") $(grep -o 'skmem:([^)]*)\|rcv_rtt:[0-9.]*\|rcv_space:[0-9]*\|rcv_ssthresh:[0-9]*' "$OUT/run$r.ss.txt" | tr '\n' ' ')"
done
