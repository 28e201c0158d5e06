# Sourced, not run. Builds the progjar lab of LAB.md in network namespaces (as root) and gives
# the task scripts their helpers. Derived from shared/namespace-lab/netns-lab.sh; namespace names
# carry the prefix "gt" so that they cannot collide with another copy of the shared script.
# Every namespace here is a closed world: gtgw routes only between the lab's bridges and the
# resolver's namespace; nothing is linked to the host's interfaces.
LAB_DIR=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
PROGS=$LAB_DIR/programs
NS="gtgw gtdns gtm1 gtm2 gtm3"
LAB_RUN=${LAB_RUN:-/tmp/gt-netns-lab}

lab_down() {
  for n in $NS; do
    ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null || true
  done
  sleep 0.2
  for n in $NS; do ip netns del $n 2>/dev/null || true; done
  rm -rf /etc/netns/gtm1 /etc/netns/gtm2 /etc/netns/gtm3 "$LAB_RUN"
}

lab_up() {
  lab_down
  mkdir -p "$LAB_RUN"
  for n in $NS; do
    ip netns add $n
    ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n $n link set lo up
  done
  if [ "${PROFILE:-host}" = wsl2 ]; then # WSL2-like TCP settings (assumed): tcp_rmem max 6 MiB, cubic
    # a namespace may only pick an allowed congestion control (here reno, bbr), so cubic is set per socket
    # by the programs (LAB_CC, setsockopt TCP_CONGESTION; accepted sockets inherit the listener's)
    for m in 1 2 3; do ip netns exec gtm$m sysctl -qw "net.ipv4.tcp_rmem=4096 131072 6291456"; done
    export LAB_CC=${LAB_CC-cubic}
  fi
  # gateway: docker0-like bridge (172.20.0.1/16), progjar-network bridge (172.16.16.1/24), uplink to the resolver
  ip -n gtgw link add br0 type bridge; ip -n gtgw addr add 172.20.0.1/16 dev br0; ip -n gtgw link set br0 address 02:42:1e:00:00:01; ip -n gtgw link set br0 up
  ip -n gtgw link add br1 type bridge; ip -n gtgw addr add 172.16.16.1/24 dev br1; ip -n gtgw link set br1 address 02:42:1e:00:00:02; ip -n gtgw link set br1 up
  ip netns exec gtgw sysctl -qw net.ipv4.ip_forward=1
  ip link add up0 netns gtgw type veth peer name eth0 netns gtdns
  ip -n gtgw addr add 10.255.255.1/24 dev up0; ip -n gtgw link set up0 up
  ip -n gtdns addr add 10.255.255.254/24 dev eth0; ip -n gtdns link set eth0 up; ip -n gtdns route add default via 10.255.255.1
  for m in 1 2 3; do
    local ns=gtm$m a=$((2+m)) b=$((100+m))
    ip link add e0m$m netns gtgw type veth peer name eth0 netns $ns
    ip link add e1m$m netns gtgw type veth peer name eth1 netns $ns
    ip -n gtgw link set e0m$m master br0 up; ip -n gtgw link set e1m$m master br1 up
    ip -n $ns link set eth0 address $(printf '02:42:ac:14:00:%02x' $a); ip -n $ns addr add 172.20.0.$a/16 dev eth0; ip -n $ns link set eth0 up
    ip -n $ns link set eth1 address $(printf '02:42:ac:10:10:%02x' $b); ip -n $ns addr add 172.16.16.$b/24 dev eth1; ip -n $ns link set eth1 up
    ip -n $ns route add default via 172.20.0.1
    mkdir -p /etc/netns/$ns
    printf '127.0.0.1\tlocalhost\n172.20.0.%d\tmesin%d\n' $a $m > /etc/netns/$ns/hosts
    printf 'nameserver 127.0.0.11\noptions ndots:0\n' > /etc/netns/$ns/resolv.conf
    fwd_start $m
  done
  dns_start
  sleep 0.5
}

fwd_start() { # m: stands in for Docker's embedded DNS, a forwarder on 127.0.0.11 to the resolver
  ip netns exec gtm$1 dnsmasq --conf-file=/dev/null --no-resolv --no-hosts --server=10.255.255.254 --listen-address=127.0.0.11 \
    --bind-interfaces --port=53 --cache-size=0 --pid-file=$LAB_RUN/gtm$1.pid
}

dns_start() { # the resolver at 10.255.255.254, in its own namespace
  ip netns exec gtdns dnsmasq --conf-file=/dev/null --no-resolv --no-hosts --listen-address=10.255.255.254 --bind-interfaces --cache-size=0 \
    --host-record=www.its.ac.id,103.94.189.4 --host-record=espnfc-web.example.net,52.13.202.65 \
    --cname=www.espnfc.com,espnfc-web.example.net --local=/cosm/ --local=/its.ac.id/ --local=/espnfc.com/ --local=/example.net/ \
    --pid-file=$LAB_RUN/gtdns.pid
}
dns_stop() { kill "$(cat $LAB_RUN/gtdns.pid)"; sleep 0.2; }

flush_neigh() { for m in 1 2 3; do ip -n gtm$m neigh flush all; done; ip -n gtgw neigh flush all; }

# cap DIR NS IFACE FILE [LINKTYPE] [SNAPLEN]: start a capture in the background, print its pid
cap() {
  ip netns exec $2 tcpdump -q -U --immediate-mode -B 16384 -n -i $3 ${5:+-y $5} ${6:+-s $6} --time-stamp-precision=nano -w "$1/$4" >/dev/null 2>"$1/$4.tcpdump-stats.txt" & echo $!
}
# caps_start DIR CLIENTNS [SNAPLEN]: mesin1 any (SLL v1) + the client's eth1; sets CAPS
caps_start() {
  CAPS="$(cap "$1" gtm1 any mesin1-any.pcap LINUX_SLL ${3:-}) $(cap "$1" $2 eth1 ${2/gtm/mesin}-eth1.pcap "" ${3:-})"
  sleep 1
}
caps_stop() { sleep 1; kill -INT $CAPS; wait $CAPS 2>/dev/null || true; }

in_host() { # m cmd...: run in mesin m's namespace with hostname mesinM
  local m=$1; shift
  ip netns exec gtm$m unshare --uts sh -c "hostname mesin$m; cd $PROGS; exec \"\$@\"" sh "$@"
}
in_host_bg() { # the same, for `in_host_bg ... & pid=$!`: exec makes $! the program's own pid
  local m=$1; shift
  exec ip netns exec gtm$m unshare --uts sh -c "hostname mesin$m; cd $PROGS; exec \"\$@\"" sh "$@"
}
