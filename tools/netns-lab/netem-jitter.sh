#!/bin/bash
# Real `tc netem` delay jitter on a veth pair: netem-jitter.sh OUTDIR [COUNT] [SPACING_US]
# Two namespaces (gtna 10.77.0.1, gtnb 10.77.0.2) joined by one veth pair, nothing linked to the
# host. For each case (none, then the netem lines in CASES) the egress qdisc of gtna's veth is
# set, netem_udp.py sends COUNT UDP datagrams (default 10 000) SPACING_US apart (default 1000),
# each carrying its sequence number and CLOCK_REALTIME in ns just before sendto, and tcpdump
# captures both ends (gtna's veth after the qdisc, gtnb's on arrival; ns timestamps). Then
# netem_summary.py writes OUTDIR/summary.json: per case and end, the delay (capture time −
# stamp) mean, standard deviation, quantiles, and the share of datagrams overtaken by a later
# one; the `none` case is the stack's own time, which the comparison subtracts. Needs root,
# iproute2 with netem (CONFIG_NET_SCH_NETEM; the tables in /usr/lib/*/tc), tcpdump, python3.
# Exits 3, having recorded only `none`, when the kernel has no netem.
set -uo pipefail
OUT=$(realpath -m "${1:?usage: netem-jitter.sh OUTDIR [COUNT] [SPACING_US]}"); COUNT=${2:-10000}; SPACING=${3:-1000}
HERE=$(dirname "$(realpath "$0")")
PY=${PY:-/usr/bin/python3}
CASES=("delay 10ms 2ms" "delay 10ms 5ms 25%" "delay 10ms 2ms distribution normal")
NS="gtna gtnb"
down() { for n in $NS; do ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del $n 2>/dev/null; done; true; }
trap down EXIT
down
mkdir -p "$OUT"
for n in $NS; do ip netns add $n; ip -n $n link set lo up; ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
ip link add va netns gtna type veth peer name vb netns gtnb
ip -n gtna addr add 10.77.0.1/24 dev va; ip -n gtna link set va up
ip -n gtnb addr add 10.77.0.2/24 dev vb; ip -n gtnb link set vb up
# static neighbours: no ARP in the measurement
ip -n gtna neigh add 10.77.0.2 lladdr "$(ip -n gtnb -br link show vb | awk '{print $3}')" dev va nud permanent
ip -n gtnb neigh add 10.77.0.1 lladdr "$(ip -n gtna -br link show va | awk '{print $3}')" dev vb nud permanent
# a sink on gtnb:9, so no ICMP port unreachable comes back
ip netns exec gtnb $PY -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('10.77.0.2', 9))
while True: s.recv(64)" &
{ echo "kernel $(uname -r)"; zcat /proc/config.gz 2>/dev/null | grep -E '^CONFIG_HZ=|NET_SCH_NETEM'; tc -V; } > "$OUT/env.txt"
record() { # name, then the netem options (none: no qdisc)
  local name=$1; shift
  if [ $# -gt 0 ]; then
    if ! ip netns exec gtna tc qdisc replace dev va root netem "$@" limit 100000 2> "$OUT/$name.tc-error.txt"; then
      echo "no netem on this kernel: $(cat "$OUT/$name.tc-error.txt")" >&2; return 3
    fi
    rm -f "$OUT/$name.tc-error.txt"
  else ip netns exec gtna tc qdisc del dev va root 2>/dev/null; fi
  ip netns exec gtna tc qdisc show dev va > "$OUT/$name.qdisc.txt"
  ip netns exec gtna tcpdump -q -U -n -i va -s 96 --time-stamp-precision=nano -w "$OUT/$name.sender.pcap" udp 2>/dev/null & local c1=$!
  ip netns exec gtnb tcpdump -q -U -n -i vb -s 96 --time-stamp-precision=nano -w "$OUT/$name.receiver.pcap" udp 2>/dev/null & local c2=$!
  sleep 1
  ip netns exec gtna $PY "$HERE/netem_udp.py" 10.77.0.2 9 "$COUNT" "$SPACING"
  sleep 1; kill -INT $c1 $c2; wait $c1 $c2 2>/dev/null
  printf '%s\t%s\n' "$name" "$*" >> "$OUT/cases.tsv"
}
: > "$OUT/cases.tsv"
printf '{"count": %d, "spacing_us": %d}\n' "$COUNT" "$SPACING" > "$OUT/params.json"
record none || exit $?
i=0; rc=0
for c in "${CASES[@]}"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  record "case$i" $c || { rc=$?; break; }
done
$PY "$HERE/netem_summary.py" "$OUT" > "$OUT/summary.json"
exit $rc
