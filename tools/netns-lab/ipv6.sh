#!/bin/bash
# IPv6 ground truth for labwire show: ipv6.sh OUTDIR. Two namespaces gt6a and gt6b joined by one
# veth (eth0 each side, MACs 02:00:00:00:00:0a / 0b, link-local from the MAC, ULA fd00:6c77::1
# and ::2/64), nothing linked to the host. Three Ethernet captures on gt6a's eth0:
#   nd.pcap   link up (DAD, MLDv2 reports with Hop-by-Hop, Router Solicitation), a Router
#             Advertisement from gt6b, ping -6 to the ULA and to the link-local address
#   tcp.pcap  a TCP echo over IPv6 (two messages, then close)
#   udp.pcap  UDP echo, a datagram to a closed port (ICMPv6 port unreachable), DNS AAAA and A on 53
# plus any.pcap: the UDP/DNS part again, captured on gt6a's `any` (Linux cooked v2).
set -uo pipefail
OUT=$(realpath -m "${1:?usage: ipv6.sh OUTDIR}")
PROGS=$(dirname "$(realpath "$0")")/programs; PY=${PY:-/usr/bin/python3}
NS="gt6a gt6b"
down() { for n in $NS; do ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null; done; sleep 0.2; for n in $NS; do ip netns del $n 2>/dev/null; done; true; }
trap down EXIT
down; mkdir -p "$OUT"
for n in $NS; do ip netns add $n; ip -n $n link set lo up; done
ip link add eth0 netns gt6a type veth peer name eth0 netns gt6b
ip -n gt6a link set eth0 address 02:00:00:00:00:0a; ip -n gt6b link set eth0 address 02:00:00:00:00:0b
ip netns exec gt6b sysctl -qw net.ipv6.conf.all.forwarding=1   # a router: sends no RS, may send RA
cap() { ip netns exec gt6a tcpdump -q -U -n -i "$1" --time-stamp-precision=nano -w "$OUT/$2" 2>"$OUT/$2.tcpdump-stats.txt" & CAP=$!; sleep 1; }
stop() { sleep 1.5; kill -INT $CAP; wait $CAP 2>/dev/null; }

ip -n gt6b link set eth0 up
# tcpdump needs the interface up: bring it up with IPv6 off, then turn IPv6 on while capturing
ip netns exec gt6a sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1; ip -n gt6a link set eth0 up
cap eth0 nd.pcap
ip netns exec gt6a sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
ip -n gt6a addr add fd00:6c77::1/64 dev eth0; ip -n gt6b addr add fd00:6c77::2/64 dev eth0
sleep 3                                  # DAD (1 s) and the first RS
ip netns exec gt6b $PY $PROGS/ipv6_peer.py ra eth0 fd00:6c77:0:1::
sleep 0.5
ip netns exec gt6a ping -6 -c 2 -i 0.2 fd00:6c77::2 > "$OUT/ping-ula.txt"
ip netns exec gt6a ping -6 -c 2 -i 0.2 fe80::ff:fe00:b%eth0 > "$OUT/ping-ll.txt"
stop

cap eth0 tcp.pcap
ip netns exec gt6b $PY $PROGS/ipv6_peer.py tcp-server 10000 & SRV=$!; sleep 0.5
ip netns exec gt6a $PY $PROGS/ipv6_peer.py tcp-client fd00:6c77::2 10000; wait $SRV
stop

udp_run() {
  ip netns exec gt6b $PY $PROGS/ipv6_peer.py udp-server 10000 & SRV=$!; sleep 0.5
  ip netns exec gt6a $PY $PROGS/ipv6_peer.py udp-client fd00:6c77::2 10000; wait $SRV
  ip netns exec gt6b $PY $PROGS/ipv6_peer.py dns-server 53 & SRV=$!; sleep 0.5
  ip netns exec gt6a $PY $PROGS/ipv6_peer.py dns-client fd00:6c77::2 53; wait $SRV
}
cap eth0 udp.pcap; udp_run; stop
cap any any.pcap; udp_run; stop
{ echo "kernel $(uname -r)"; ip -n gt6a addr show dev eth0; ip -n gt6b addr show dev eth0; } > "$OUT/env.txt"
