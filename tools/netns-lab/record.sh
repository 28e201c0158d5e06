#!/bin/bash
# Records real-kernel ground truth for labwire, one task per folder: record.sh OUTROOT TASK...
# TASK is one of: ping loopback echo32444 multiclient refused unreachable echo2mb stall dns sysctl
# Each task gets a freshly built lab (fresh ARP caches) and the lab is removed afterwards.
# Needs root and: iproute2 tcpdump dnsmasq iputils-ping python3 tshark (editcap, capinfos).
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lab.sh"
OUTROOT=$(realpath -m "${1:?usage: record.sh OUTROOT TASK...}"); shift
BIG=${BIG:-/tmp/gt-netns-big}   # full-size logs and captures that do not go into fixtures
PY=${PY:-/usr/bin/python3}     # Debian's python3 (3.11.2); a pyenv shim takes seconds to start, which spoils "0.1 s apart"
mkdir -p "$BIG"
trap lab_down EXIT

neigh_dump() { # label file: neighbour tables of mesin1..3 with timestamps
  { echo "== $1 at $(date -u +%T.%N)"; for m in 1 2 3; do echo "-- mesin$m"; ip -n gtm$m -s neigh show; done; } >> "$2"
}

task_ping() {
  local D=$1
  CAPS="$(cap $D gtm1 any mesin1-any.pcap LINUX_SLL) $(cap $D gtm1 eth1 mesin1-eth1.pcap) $(cap $D gtm2 eth1 mesin2-eth1.pcap)"
  sleep 1
  for n in 1 2; do ip netns exec gtm$n sysctl net.ipv4.neigh.eth1 > $D/neigh-sysctl.mesin$n.txt; done
  neigh_dump "before ping 1" $D/neigh.txt
  date -u +'ping 1 starts %T.%N' >> $D/timeline.txt
  ip netns exec gtm1 ping -c 4 172.16.16.102 > $D/ping1.txt 2>&1
  neigh_dump "after ping 1" $D/neigh.txt
  sleep 10
  neigh_dump "10 s after ping 1" $D/neigh.txt
  sleep 40
  neigh_dump "50 s after ping 1 (before ping 2)" $D/neigh.txt
  date -u +'ping 2 starts %T.%N' >> $D/timeline.txt
  ip netns exec gtm1 ping -c 4 172.16.16.102 > $D/ping2.txt 2>&1
  neigh_dump "after ping 2" $D/neigh.txt
  sleep 10
  neigh_dump "10 s after ping 2" $D/neigh.txt
  sleep 40
  neigh_dump "50 s after ping 2 (before ping 3)" $D/neigh.txt
  date -u +'ping 3 (-c 10, to outlast delay_first_probe_time) starts %T.%N' >> $D/timeline.txt
  ip netns exec gtm1 ping -c 10 172.16.16.102 > $D/ping3.txt 2>&1
  neigh_dump "after ping 3" $D/neigh.txt
  sleep 8
  neigh_dump "8 s after ping 3" $D/neigh.txt
  kill -INT $CAPS; wait $CAPS 2>/dev/null
}

task_loopback() {
  local D=$1
  CAPS="$(cap $D gtm1 any mesin1-any.pcap LINUX_SLL) $(cap $D gtm1 lo mesin1-lo.pcap)"
  sleep 1
  in_host 1 $PY loopback.py > $D/loopback.txt 2>&1
  caps_stop
}

echo_one() { # D port client-machine: the lab's server on mesin1, the lab's client on mesin M
  in_host_bg 1 $PY server.py $2 > $1/server.txt 2>&1 & local s=$!
  sleep 0.5
  in_host $3 $PY client.py $2 > $1/client.txt 2>&1
  sleep 0.3; kill $s; wait $s 2>/dev/null
}

task_echo32444() {
  local D=$1
  caps_start $D gtm2
  echo_one $D 32444 2
  caps_stop
}

task_multiclient() {
  local D=$1
  CAPS="$(cap $D gtm1 any mesin1-any.pcap LINUX_SLL) $(cap $D gtm2 eth1 mesin2-eth1.pcap) $(cap $D gtm3 eth1 mesin3-eth1.pcap)"
  sleep 1
  in_host_bg 1 $PY server.py 10000 > $D/server.txt 2>&1 & local s=$!
  sleep 0.5
  in_host_bg 2 $PY client.py 10000 > $D/client-mesin2.txt 2>&1 & local c2=$!
  sleep 0.1
  in_host_bg 3 $PY client.py 10000 > $D/client-mesin3.txt 2>&1 & local c3=$!
  wait $c2 $c3
  sleep 0.3; kill $s; wait $s 2>/dev/null
  caps_stop
}

task_multiclient_simultaneous() { # the two lab clients started at the same moment
  local D=$1
  CAPS="$(cap $D gtm1 any mesin1-any.pcap LINUX_SLL) $(cap $D gtm2 eth1 mesin2-eth1.pcap) $(cap $D gtm3 eth1 mesin3-eth1.pcap)"
  sleep 1
  in_host_bg 1 $PY server.py 10000 > $D/server.txt 2>&1 & local s=$!
  sleep 0.5
  in_host_bg 2 $PY client.py 10000 > $D/client-mesin2.txt 2>&1 & local c2=$!
  in_host_bg 3 $PY client.py 10000 > $D/client-mesin3.txt 2>&1 & local c3=$!
  wait $c2 $c3
  sleep 0.3; kill $s; wait $s 2>/dev/null
  caps_stop
}

task_multiclient_held() { # mesin2 holds the server 2 s after connecting; mesin3's lab client starts 0.1 s later
  local D=$1
  CAPS="$(cap $D gtm1 any mesin1-any.pcap LINUX_SLL) $(cap $D gtm2 eth1 mesin2-eth1.pcap) $(cap $D gtm3 eth1 mesin3-eth1.pcap)"
  sleep 1
  in_host_bg 1 $PY server.py 10000 > $D/server.txt 2>&1 & local s=$!
  sleep 0.5
  in_host_bg 2 $PY client_slow.py 10000 2 > $D/client-mesin2.txt 2>&1 & local c2=$!
  sleep 0.1
  in_host_bg 3 $PY client.py 10000 > $D/client-mesin3.txt 2>&1 & local c3=$!
  sleep 1.5; { echo "== 1.6 s after mesin2 started, $(date -u +%T.%N)"; for m in 1 2 3; do echo "-- mesin$m"; ip netns exec gtm$m ss -tan; done; } > $D/ss.txt
  wait $c2 $c3
  sleep 0.3; kill $s; wait $s 2>/dev/null
  caps_stop
}

task_refused() {
  local D=$1
  caps_start $D gtm2
  in_host 2 $PY conn_test.py 172.16.16.101 10001 > $D/conn_test.txt 2>&1
  in_host 2 $PY client.py 10001 > $D/client.txt 2>&1
  caps_stop
}

task_unreachable() {
  local D=$1
  caps_start $D gtm2
  date -u +'connect with settimeout(5) starts %T.%N' >> $D/timeline.txt
  in_host 2 $PY conn_test.py 172.16.16.150 10000 5 > $D/conn_test-timeout5.txt 2>&1
  neigh_dump "after the timeout(5) run" $D/neigh.txt
  date -u +'the lab client.py (no timeout) starts %T.%N' >> $D/timeline.txt
  sed 's/172.16.16.101/172.16.16.150/' $PROGS/client.py > $LAB_RUN/client150.py
  in_host 2 $PY $LAB_RUN/client150.py 10000 > $D/client-no-timeout.txt 2>&1 &
  local c=$!
  sleep 5; neigh_dump "5 s into the no-timeout run" $D/neigh.txt
  wait $c
  date -u +'the lab client.py ended %T.%N' >> $D/timeline.txt
  caps_stop
}

ss_both() { # label: ss -tn and ss -tmi in mesin1 and mesin2
  echo "== $1, $(date -u +%T.%N)"
  for m in 1 2; do echo "-- mesin$m ss -tn"; ip netns exec gtm$m ss -tn; echo "-- mesin$m ss -tmi"; ip netns exec gtm$m ss -tmi; done
}

big_run() { # D label size port clientmode [snaplen]: ${SERVER:-server.py} on mesin1, client_big.py on mesin2
  # outcome: completed (client got everything back), stalled (no byte reached the server for 5 s while the
  # client was still running: the deadlock; the client is then stopped), timeout (TMO reached while moving)
  local D=$1 L=$2 size=$3 port=$4 mode=$5
  CAPS="$(cap $BIG gtm1 any $L.mesin1-any.pcap LINUX_SLL ${6:-128}) $(cap $BIG gtm2 eth1 $L.mesin2-eth1.pcap '' ${6:-128})"
  sleep 1
  in_host_bg 1 $PY ${SERVER:-server.py} $port > $BIG/$L.server.txt 2>&1 & local s=$!
  sleep 0.5
  local t0=$(date +%s.%N)
  in_host_bg 2 timeout ${TMO:-60} $PY client_big.py $size $port $mode > $BIG/$L.client.txt 2>&1 & local c=$!
  local outcome=completed t=0 prev="" cur
  while kill -0 $c 2>/dev/null; do
    sleep 1; t=$((t+1))
    if [ $((t % 5)) = 0 ]; then
      cur=$(ip netns exec gtm1 ss -tni "sport = :$port" | grep -o 'bytes_received:[0-9]*' | head -1)
      if [ -n "$cur" ] && [ "$cur" = "$prev" ] && kill -0 $c 2>/dev/null; then
        outcome=stalled; ss_both "$L: no progress for 5 s at t=${t} s ($cur at the server)" > $D/$L.ss.txt
        sleep 5; ss_both "5 s later" >> $D/$L.ss.txt
        kill $c; break
      fi
      prev=$cur
    fi
  done
  wait $c; local rc=$?
  [ $outcome = completed ] && [ $rc = 124 ] && outcome=timeout
  local t1=$(date +%s.%N)
  sleep 0.3; kill $s 2>/dev/null; wait $s 2>/dev/null
  sleep 0.5; kill -INT $CAPS; wait $CAPS 2>/dev/null
  echo "$L size=$size client=$mode server=${SERVER:-server.py} profile=${PROFILE:-host} outcome=$outcome client_rc=$rc wall=$(echo "$t1 - $t0" | bc) s load=$(cut -d' ' -f1-3 /proc/loadavg) $(grep -h TIMING $BIG/$L.client.txt | tr '\n' ' ')" >> $D/runs.txt
}

task_echo2mb() {
  local D=$1
  big_run $D echo2mb-logged 2097152 10000 logged
  big_run $D echo2mb-quiet 2097152 10000 quiet
  # the same over plain loopback in one namespace (server and client both in mesin1, 127.0.0.1)
  for mode in quiet logged; do
    in_host_bg 1 $PY server.py 10002 > $BIG/loopback2mb-$mode.server.txt 2>&1 & local s=$!
    sleep 0.5
    local t0=$(date +%s.%N)
    in_host 1 timeout 60 $PY client_big.py 2097152 10002 $mode 127.0.0.1 > $BIG/loopback2mb-$mode.client.txt 2>&1
    local rc=$? t1=$(date +%s.%N)
    kill $s; wait $s 2>/dev/null
    echo "loopback2mb-$mode size=2097152 client_rc=$rc wall=$(echo "$t1 - $t0" | bc) s" >> $D/runs.txt
  done
}

task_threshold() { # repeated trials around the stall threshold, the lab's server (logging) and a quiet client
  local D=$1
  for mb in ${THR_SIZES:-1 1.5 2 3}; do
    for i in $(seq 1 ${THR_RUNS:-5}); do
      big_run $D thr-${mb}MiB-run$i $(echo "$mb*1048576/1" | bc) 10000 quiet 96
    done
  done
}

task_loopback2mb() { # 2 MiB through the recv(32) echo over 127.0.0.1 inside mesin1, 3 runs per combination
  local D=$1
  for server in server.py server_quiet.py; do for mode in quiet logged; do for i in 1 2 3; do
    in_host_bg 1 $PY $server 10002 > $BIG/lo2mb-$server-$mode-$i.server.txt 2>&1 & local s=$!
    sleep 0.5
    local t0=$(date +%s.%N)
    in_host 1 timeout 60 $PY client_big.py 2097152 10002 $mode 127.0.0.1 > $BIG/lo2mb-$server-$mode-$i.client.txt 2>&1
    local rc=$? t1=$(date +%s.%N)
    kill $s; wait $s 2>/dev/null
    echo "lo2mb server=$server client=$mode run=$i client_rc=$rc wall=$(echo "$t1 - $t0" | bc) s $(grep -h TIMING $BIG/lo2mb-$server-$mode-$i.client.txt | tr '\n' ' ')" >> $D/runs.txt
  done; done; done
}

task_stall() {
  local D=$1
  for mb in ${STALL_SIZES:-4 6 7 8 10 20}; do
    big_run $D stall-${mb}MiB $((mb*1048576)) 10000 quiet 96
  done
}

task_dns() {
  local D=$1
  CAPS="$(cap $D gtm1 any mesin1-any.pcap LINUX_SLL) $(cap $D gtm1 eth0 mesin1-eth0.pcap)"
  sleep 1
  in_host 1 $PY socket_info.py > $D/socket_info.txt 2>&1
  caps_stop
  # resolver stopped: nothing listens on 10.255.255.254:53 (port unreachable comes back)
  dns_stop
  CAPS="$(cap $D gtm1 any resolver-stopped.mesin1-any.pcap LINUX_SLL) $(cap $D gtdns eth0 resolver-stopped.dns-eth0.pcap)"
  sleep 1
  local t0=$(date +%s.%N)
  in_host 1 $PY socket_info.py > $D/resolver-stopped.socket_info.txt 2>&1
  echo "resolver stopped: socket_info.py took $(echo "$(date +%s.%N) - $t0" | bc) s" >> $D/runs.txt
  caps_stop
  # resolver silent: something listens on 10.255.255.254:53 and never answers
  ip netns exec gtdns $PY $PROGS/blackhole_dns.py > $D/resolver-silent.blackhole.txt 2>&1 & local b=$!
  sleep 0.5
  CAPS="$(cap $D gtm1 any resolver-silent.mesin1-any.pcap LINUX_SLL)"
  sleep 1
  t0=$(date +%s.%N)
  in_host 1 $PY socket_info.py > $D/resolver-silent.socket_info.txt 2>&1
  echo "resolver silent: socket_info.py took $(echo "$(date +%s.%N) - $t0" | bc) s" >> $D/runs.txt
  caps_stop
  kill $b; wait $b 2>/dev/null
}

task_sysctl() {
  local D=$1 keys="net.ipv4.tcp_rmem net.ipv4.tcp_wmem net.core.rmem_max net.core.wmem_max net.core.rmem_default net.core.wmem_default
    net.ipv4.tcp_window_scaling net.ipv4.tcp_timestamps net.ipv4.tcp_sack net.ipv4.ip_local_port_range net.ipv4.tcp_autocorking
    net.ipv4.tcp_notsent_lowat net.ipv4.tcp_congestion_control net.ipv4.tcp_syn_retries net.ipv4.tcp_adv_win_scale net.ipv4.tcp_moderate_rcvbuf
    net.ipv4.tcp_no_metrics_save net.ipv4.tcp_early_retrans net.ipv4.tcp_ecn net.ipv4.ip_no_pmtu_disc net.ipv4.tcp_mtu_probing net.ipv4.tcp_min_tso_segs
    net.ipv4.tcp_tso_win_divisor net.ipv4.tcp_limit_output_bytes net.ipv4.tcp_slow_start_after_idle net.ipv4.ip_default_ttl net.ipv4.tcp_fin_timeout
    net.ipv4.neigh.default.base_reachable_time_ms net.ipv4.neigh.default.delay_first_probe_time net.ipv4.neigh.default.retrans_time_ms
    net.ipv4.neigh.default.mcast_solicit net.ipv4.neigh.default.ucast_solicit net.ipv4.neigh.default.gc_stale_time net.core.default_qdisc"
  { echo "uname -r: $(uname -r)"; echo "uname -a: $(uname -a)"; echo "python3: $($PY --version) ($PY)"; echo
    echo "== host (init namespace)"; sysctl $keys 2>&1
    echo; echo "== inside mesin1's namespace (gtm1)"; ip netns exec gtm1 sysctl $keys 2>&1
    echo; echo "== kernel config (/proc/config.gz)"; zcat /proc/config.gz 2>/dev/null | grep -E '^CONFIG_HZ=|^CONFIG_DEFAULT_TCP_CONG=|^CONFIG_TCP_CONG_' || echo "not available"
    echo; echo "== tcp_available_congestion_control: $(cat /proc/sys/net/ipv4/tcp_available_congestion_control); allowed: $(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control); LAB_CC for the programs: ${LAB_CC:-unset}"
    echo; echo "== mesin1 eth1 offloads"; ip netns exec gtm1 ethtool -k eth1 2>/dev/null | grep -E 'checksumming|segmentation-offload|generic-receive' || echo "ethtool not installed"
    echo; echo "== mesin1 eth1 link"; ip -n gtm1 -d link show eth1; ip netns exec gtm1 tc qdisc show
  } > $D/sysctl.txt
}

for t in "$@"; do
  echo "=== task $t $(date -u +%T)"
  D=$OUTROOT/$t; mkdir -p $D
  lab_up
  task_$t $D
  lab_down
done
