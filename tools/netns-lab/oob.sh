#!/bin/bash
# Urgent data (MSG_OOB) on real Linux: oob.sh OUTDIR
# The two-namespace pair (pair-lab.sh: mesin1 172.16.16.101 server, mesin2 172.16.16.102
# client). Each case: a capture on the server's eth1 (snaplen 128) and both programs' output.
#   one     client sends 'hello ', '!!' (MSG_OOB: the second '!' is urgent), 'world'; server plain
#   inline  the same message; the server sets SO_OOBINLINE
#   two     'ab', '!X' (urgent), 'cd', '!Y' (urgent), 'ef': a second mark before the first is read
#   big     5000 bytes with MSG_OOB after 'ab': urgent mode sends them one MSS at a time
# Needs root, iproute2, tcpdump, python3.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: oob.sh OUTDIR}")
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
record() {  # record NAME SERVER_MODE MESSAGE
  local name=$1 mode=$2 msg=$3
  pair_up cubic
  pair_env "$OUT/$name.env.txt"
  ip netns exec gtu1 tcpdump -q -U -n -i eth1 -s 128 --time-stamp-precision=nano -w "$OUT/$name.mesin1-eth1.pcap" 2>"$OUT/$name.tcpdump-stats.txt" & local cap=$!
  sleep 1
  ip netns exec gtu1 $PY $PROGS/oob_server.py 10000 $mode > "$OUT/$name.server.txt" 2>&1 & local srv=$!
  sleep 0.5
  ip netns exec gtu2 $PY $PROGS/oob_client.py 172.16.16.101 10000 "$msg" > "$OUT/$name.client.txt" 2>&1
  # the server closes 0.5 s after accept: give its FIN (or RST) time to be written
  wait $srv; sleep 1.5; kill -INT $cap; wait $cap 2>/dev/null
  pair_down
}
record one plain 'hello |!!|world'
record inline inline 'hello |!!|world'
record two plain 'ab|!X|cd|!Y|ef'
record big plain 'ab|!#5000|cd'
