#!/bin/bash
# A bulk transfer's cwnd curve on real Linux: bulk-cwnd.sh OUTDIR [RUNS] [BYTES] [CC]
# The pair lab (mesin1 172.16.16.101 server, mesin2 172.16.16.102 client); the client sends
# BYTES (default 4 MiB) in 16 KiB blocks and reads TCP_INFO after each block (ss -ti's source:
# cwnd, bytes_acked, ssthresh, ca_state, rtt), the server reads with recv(262144). Each run:
# the client's samples, the server's count, a capture on the server's eth1 (snaplen 128), and
# both programs' call times (runN.server-times.txt: accept and each recv as they returned;
# runN.client-times.txt: each send and the getsockopt after it; time.time_ns(), the capture's clock).
# Needs root, iproute2, tcpdump, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: bulk-cwnd.sh OUTDIR [RUNS] [BYTES] [CC]}"); RUNS=${2:-3}; BYTES=${3:-4194304}; CC=${4:-cubic}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
for r in $(seq 1 $RUNS); do
  pair_record "$OUT" $r $CC "10000 $CC 262144 $OUT/run$r.server-times.txt" \
    "$PROGS/bulk_client.py 172.16.16.101 10000 $BYTES $CC $OUT/run$r.client-times.txt"
done
