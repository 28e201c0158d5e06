#!/bin/bash
# What a Linux listener does when the handshake's last ACK never comes: synack-retries.sh OUTDIR
# A SYN from 172.16.16.150 (a static neighbour entry on mesin1 points it at a MAC no host has)
# reaches mesin1:10000; mesin1 answers SYN/ACK and retransmits it, then drops the request after
# net.ipv4.tcp_synack_retries (5): capture on mesin1's eth1 and `ss -tan` at 5, 40, 62 and 66 s.
# ~70 s. (No tc action/netem modules on the recording machine, so the ACK cannot be dropped
# from a real client; the listener's side is the same either way.)
set -uo pipefail
OUT=$(realpath -m "${1:?usage: synack-retries.sh OUTDIR}")
source "$(dirname "$(realpath "$0")")/pair-lab.sh"
pair_up cubic
pair_env "$OUT/env.txt"
ip -n gtu2 addr add 172.16.16.150/32 dev eth1        # the raw SYN's source, routed out eth1
ip -n gtu1 neigh add 172.16.16.150 lladdr 02:42:ac:10:10:96 dev eth1 nud permanent
ip netns exec gtu1 sysctl net.ipv4.tcp_synack_retries > "$OUT/sysctl.txt"
ip netns exec gtu1 tcpdump -q -U -n -i eth1 -s 128 --time-stamp-precision=nano -w "$OUT/mesin1-eth1.pcap" 2>"$OUT/tcpdump-stats.txt" & CAP=$!
sleep 1
ip netns exec gtu1 $PY -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 10000)); s.listen(1); time.sleep(90)" & SRV=$!
sleep 0.5
ip -n gtu2 addr del 172.16.16.150/32 dev eth1 2>/dev/null; ip -n gtu2 addr add 172.16.16.150/32 dev eth1
ip netns exec gtu2 $PY $PROGS/syn_only.py 172.16.16.150 172.16.16.101 10000 > "$OUT/syn.txt" 2>&1
ip -n gtu2 addr del 172.16.16.150/32 dev eth1         # mesin2 would answer the SYN/ACK with RST
prev=0
for t in 5 40 62 66; do
  sleep $(( t - prev )); prev=$t
  { echo "== $t s after the SYN: mesin1"; ip netns exec gtu1 ss -tan; } >> "$OUT/ss.txt"
done
kill $SRV; kill -INT $CAP; wait $CAP 2>/dev/null
