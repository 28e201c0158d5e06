#!/bin/bash
# Wake-up latency by wait length on real Linux: wake.sh OUTDIR [GAPS] [COUNT]
# The pair lab (pair-lab.sh); programs/wake_client.py on mesin2 sends 10-byte messages GAPS
# apart (seconds, comma-separated; COUNT each), programs/wake_server.py on mesin1 waits in
# recv(100) for each and notes when each call returned; a capture of mesin1's eth1 gives the
# arrivals. wake_summary.py turns them into OUT/summary.json: per gap, how long after its
# message's arrival each recv() returned, and how long after the handshake accept() did
# (the server waited ~1.5 s for it). Needs root, iproute2, tcpdump, tshark, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: wake.sh OUTDIR [GAPS] [COUNT]}")
GAPS=${2:-0.0001,0.0005,0.002,0.01,0.05,0.2}; COUNT=${3:-20}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
pair_up cubic
pair_env "$OUT/env.txt"
ip netns exec gtu1 tcpdump -q -U -n -i eth1 -s 128 --time-stamp-precision=nano -w "$OUT/wake.pcap" 2>"$OUT/tcpdump-stats.txt" & cap=$!
sleep 1
ip netns exec gtu1 $PY $PROGS/wake_server.py "$OUT/wake.times" & srv=$!
sleep 0.5
ip netns exec gtu2 $PY $PROGS/wake_client.py "$GAPS" "$COUNT"
wait $srv; sleep 1; kill -INT $cap; wait $cap 2>/dev/null
pair_down
python3 "$(dirname "$(realpath "$0")")/wake_summary.py" "$OUT" "$GAPS" "$COUNT" > "$OUT/summary.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('accept', d['accept_us'], 'us after the handshake'); [print(g['gap_s'], 'median', g['median_us'], 'us', g['wake_us']) for g in d['gaps']]" "$OUT/summary.json"
