#!/bin/bash
# iputils ping between two namespaces, for its timing: ping-pair.sh OUTDIR [RUNS] [COUNT]
# Each run builds the pair afresh (pair-lab.sh: mesin1 172.16.16.101, mesin2 172.16.16.102 on
# one bridge, empty neighbour tables), captures both eth1s (ns timestamps), runs
# `ping -c COUNT 172.16.16.102` on mesin1 as root (a raw socket: ping_group_range is "1 0" in a
# new namespace) and keeps capturing 7 s after the first request, long enough for mesin2's
# neighbour re-probe (delay_first_probe_time 5 s, rounded up by the timer wheel). Then
# ping_summary.py turns the runs into OUTDIR/summary.json. Needs root, iproute2, tcpdump,
# iputils-ping, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: ping-pair.sh OUTDIR [RUNS] [COUNT]}"); RUNS=${2:-3}; COUNT=${3:-5}
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
for r in $(seq 1 "$RUNS"); do
  pair_up
  { echo "kernel $(uname -r)"; grep -E '^CONFIG_HZ=' <(zcat /proc/config.gz 2>/dev/null) ; ping -V | head -1; } > "$OUT/run$r.env.txt"
  for m in 1 2; do
    ip netns exec gtu$m tcpdump -q -U -n -i eth1 --time-stamp-precision=nano -w "$OUT/run$r.mesin$m-eth1.pcap" 2>/dev/null & eval CAP$m=\$!
  done
  sleep 1
  ip netns exec gtu1 ping -c "$COUNT" 172.16.16.102 > "$OUT/run$r.ping.txt" 2>&1
  sleep $((8 - COUNT > 2 ? 8 - COUNT : 2))
  kill -INT "$CAP1" "$CAP2"; wait "$CAP1" "$CAP2" 2>/dev/null
  pair_down
done
$PY "$(dirname "$(realpath "$0")")/ping_summary.py" "$OUT" > "$OUT/summary.json"
