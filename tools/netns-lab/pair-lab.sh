# Sourced, not run, after OUT is set: sets PROGS and PY, creates OUT, removes the pair on exit.
# Two namespaces on one bridge, the lab's eth1 network only: gtu1 (mesin1,
# 172.16.16.101) and gtu2 (mesin2, 172.16.16.102), Docker MACs, MTU 1500, IPv6 off, nothing
# linked to the host. `pair_up [CC]` builds it (and tries net.ipv4.tcp_congestion_control=CC in
# both: a namespace may only pick a congestion control the host allows, so the programs also set
# it per socket with TCP_CONGESTION, which root may do for any loaded one); `pair_down` removes it.
PAIR_NS="gtub gtu1 gtu2"
PROGS=$(dirname "$(realpath "${BASH_SOURCE[0]}")")/programs
PY=${PY:-/usr/bin/python3}   # Debian's python3: a pyenv shim takes seconds to start
pair_down() {
  for n in $PAIR_NS; do ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null; done
  sleep 0.2
  for n in $PAIR_NS; do ip netns del $n 2>/dev/null; done
  true
}
pair_up() {
  pair_down
  for n in $PAIR_NS; do ip netns add $n; ip -n $n link set lo up; ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
  ip -n gtub link add br1 type bridge; ip -n gtub link set br1 up
  for m in 1 2; do
    ip link add e1m$m netns gtub type veth peer name eth1 netns gtu$m
    ip -n gtub link set e1m$m master br1 up
    ip -n gtu$m link set eth1 address $(printf '02:42:ac:10:10:%02x' $((100+m)))
    ip -n gtu$m addr add 172.16.16.$((100+m))/24 dev eth1; ip -n gtu$m link set eth1 up
    ip netns exec gtu$m sysctl -qw net.ipv4.tcp_congestion_control=${1:-cubic} 2>/dev/null || true
  done
  sleep 0.5
}
# pair_env FILE: kernel, time and load (wake-up latencies depend on how idle the CPUs are), the
# Python and its stdout buffering (PYTHONUNBUFFERED: a print is then two write(2)s), the TCP sysctls of both machines
pair_env() {
  { echo "kernel $(uname -r)"; echo "date $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"; echo "python $($PY --version 2>&1 | cut -d' ' -f2), PYTHONUNBUFFERED=${PYTHONUNBUFFERED:-unset}"; for m in 1 2; do echo "mesin$m: $(ip netns exec gtu$m sysctl net.ipv4.tcp_congestion_control net.ipv4.tcp_rmem net.ipv4.tcp_wmem | tr '\n' ' ')"; done; } > "$1"
}

# pair_record OUT RUN CC SERVER_ARGS CLIENT_ARGS: one run on a fresh pair: mesin1's eth1 captured
# (snaplen 128), `upload_server.py SERVER_ARGS` on mesin1, then CLIENT_ARGS (a program and its
# arguments) on mesin2; OUT/runRUN.{env,server,client,tcpdump-stats}.txt and .mesin1-eth1.pcap
pair_record() {
  local out=$1 r=$2 cc=$3 server=$4 client=$5
  pair_up $cc
  pair_env "$out/run$r.env.txt"
  ip netns exec gtu1 tcpdump -q -U -n -i eth1 -s 128 --time-stamp-precision=nano -w "$out/run$r.mesin1-eth1.pcap" 2>"$out/run$r.tcpdump-stats.txt" & local cap=$!
  sleep 1
  ip netns exec gtu1 $PY $PROGS/upload_server.py $server > "$out/run$r.server.txt" 2>&1 & local srv=$!
  sleep 0.5
  ip netns exec gtu2 $PY $client > "$out/run$r.client.txt" 2>&1
  wait $srv; sleep 0.5; kill -INT $cap; wait $cap 2>/dev/null
  pair_down
}

trap pair_down EXIT
mkdir -p "$OUT"
