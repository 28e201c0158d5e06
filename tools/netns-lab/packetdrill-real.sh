#!/bin/bash
# packetdrill-real.sh PACKETDRILL SUITE DIR OUT.tsv
#
# Runs every packetdrill script under DIR against THIS machine's Linux kernel with the real
# packetdrill binary, each in a fresh network namespace (`unshare -n`: the script's tun0, its
# addresses and its packets exist only there), and writes one line per script to OUT.tsv:
#
#   status <TAB> script (relative to DIR) <TAB> sha256 of the script <TAB> line <TAB> packetdrill's first error
#
# status: pass; fail (failed twice, at the same line); flaky (failed once, or at two lines, or
# missed a time by less than the tolerance plus one jiffy: a timing race on this machine, no verdict); env (the real run could not judge: the kernel lacks a
# qdisc the script installs, packetdrill lacks a symbol or define, a setup command failed).
# `labwire packetdrill DIR --compare OUT.tsv` then says where labwire does what this kernel did.
#
# SUITE is how the suite's own runner calls packetdrill:
#   google  Google's corpus (gtests/net/tcp): run_all.py's IPv4 arguments, --send_omit_free
#   kernel  tools/testing/selftests/net/packetdrill: ksft_runner.sh's IPv4 arguments
#   own     labwire's own scripts (test/packetdrill/scripts): packetdrill's IPv4 defaults on a
#           stock kernel's sysctls, which a fresh namespace has, but cubic (a namespace takes its
#           congestion control from the host's, which may be bbr; labwire's default is cubic)
#
# PACKETDRILL is a binary built from github.com/google/packetdrill (gtests/net/packetdrill:
# ./configure && make; Debian's bison and flex). Needs root. The scripts' defaults.sh set
# net.ipv4.tcp_congestion_control=cubic inside the namespace, which the kernel refuses unless
# cubic is in the init namespace's net.ipv4.tcp_allowed_congestion_control: this script checks
# and stops, naming the sysctl, rather than record bbr's behaviour as cubic's.
set -u
if [ $# -ne 4 ]; then
  echo "usage: $0 PACKETDRILL google|kernel|own DIR OUT.tsv" >&2
  exit 2
fi
PD=$(realpath "$1"); SUITE=$2; DIR=$(realpath "$3"); OUT=$4
[ -x "$PD" ] || { echo "$0: $1: not an executable packetdrill" >&2; exit 2; }
[ -d "$DIR" ] || { echo "$0: $3: not a directory" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: needs root (unshare -n, tun)" >&2; exit 2; }
if ! grep -qw cubic /proc/sys/net/ipv4/tcp_allowed_congestion_control; then
  echo "$0: cubic is not in net.ipv4.tcp_allowed_congestion_control ($(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control));" >&2
  echo "  the scripts' defaults.sh would run bbr. Allow it: sysctl -w net.ipv4.tcp_allowed_congestion_control=\"\$(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control) cubic\"" >&2
  exit 2
fi

IPV4="--ip_version=ipv4 --local_ip=192.168.0.1 --gateway_ip=192.168.0.1 --netmask_ip=255.255.0.0 --remote_ip=192.0.2.1 -D TFO_COOKIE=3021b9d889017eeb -D CMSG_LEVEL_IP=SOL_IP -D CMSG_TYPE_RECVERR=IP_RECVERR"
SETUP="ip link set lo up"
case $SUITE in
  google) ARGS="--send_omit_free $IPV4 -D CODE=host_unreachable" ;;
  kernel) ARGS="$IPV4 -D TFO_COOKIE_ZERO=b7c12350a90dc8f5" ;;
  own) ARGS="$IPV4"; SETUP="$SETUP; sysctl -q net.ipv4.tcp_congestion_control=cubic" ;;
  *) echo "$0: suite must be google, kernel or own, not '$SUITE'" >&2; exit 2 ;;
esac

# run_one SCRIPT → "LINE<TAB>MESSAGE" of the first error, or nothing when the script passed
run_one() {
  local dir base out
  dir=$(dirname "$1"); base=$(basename "$1")
  # the kernel suite's scripts find packetdrill's helpers on PATH (ksft_runner.sh)
  out=$(cd "$dir" && timeout 300 unshare -n bash -c "$SETUP; PATH=\$PATH:$(dirname "$PD") $PD $ARGS $base" 2>&1) && return 0
  local msg
  msg=$(printf '%s\n' "$out" | grep -v '^sysctl: setting key' | grep -m1 -e "$base" -e 'rror' | tr '\t' ' ')
  [ -n "$msg" ] || msg="exit status without a message: $(printf '%s' "$out" | tail -n1 | tr '\t' ' ')"
  local line
  line=$(printf '%s' "$msg" | sed -nE "s/.*$base:([0-9]+):.*/\1/p")
  printf '%s\t%s' "$line" "$msg"
  return 1
}

# a jiffy in seconds: timers fire on jiffy edges, so a timing error smaller than the tolerance
# plus one jiffy depends on where in a jiffy the script started, not on what the kernel does
HZ=$( (zcat /proc/config.gz 2>/dev/null || cat "/boot/config-$(uname -r)" 2>/dev/null) | sed -n 's/^CONFIG_HZ=//p')
JIFFY=$(awk -v hz="${HZ:-1000}" 'BEGIN { print 1 / hz }')
within_a_jiffy() {
  printf '%s' "$1" | awk -v j="$JIFFY" '
    match($0, /expected [a-z ]*at [0-9.]+ sec but happened at [0-9.]+ sec; tolerance [0-9.]+ sec/) {
      split(substr($0, RSTART, RLENGTH), w, " ")
      for (i = 1; i <= length(w); i++) { if (w[i] == "at" && e == "") e = w[i + 1]; else if (w[i] == "at") a = w[i + 1]; if (w[i] == "tolerance") t = w[i + 1] }
      d = a - e; if (d < 0) d = -d
      exit !(d <= t + j)
    }
    { exit 1 }'
}

is_env() {
  case $1 in
    *"qdisc kind is unknown"*|*"semantic error"*|*"unknown symbol"*|*"error executing"*) return 0 ;;
  esac
  return 1
}

tmp=$(mktemp "${OUT}.XXXXXX")
trap 'rm -f "$tmp"' EXIT
printf '# status\tscript\tsha256\tline\tfirst error (%s, packetdrill %s suite, %s)\n' "$(uname -r)" "$SUITE" "$(date -u +%F)" >"$tmp"
find "$DIR" -name '*.pkt' ! -name 'dbg_*' | sort | while read -r s; do
  rel=${s#"$DIR"/}
  sum=$(sha256sum "$s" | cut -d' ' -f1)
  if first=$(run_one "$s"); then
    printf 'pass\t%s\t%s\t\t\n' "$rel" "$sum"
    continue
  fi
  msg=${first#*$'\t'}
  if is_env "$msg"; then
    printf 'env\t%s\t%s\t%s\n' "$rel" "$sum" "$first"
    continue
  fi
  if second=$(run_one "$s"); then
    printf 'flaky\t%s\t%s\t%s\n' "$rel" "$sum" "$first"
  elif within_a_jiffy "$msg"; then
    printf 'flaky\t%s\t%s\t%s (within a jiffy of the tolerance: HZ=%s)\n' "$rel" "$sum" "$first" "${HZ:-1000?}"
  elif [ "${first%%$'\t'*}" = "${second%%$'\t'*}" ]; then
    printf 'fail\t%s\t%s\t%s\n' "$rel" "$sum" "$first"
  else
    printf 'flaky\t%s\t%s\t%s\n' "$rel" "$sum" "$first"
  fi
done >>"$tmp"
mv "$tmp" "$OUT"
trap - EXIT
echo "$OUT: $(grep -c '^pass' "$OUT") pass, $(grep -c '^fail' "$OUT") fail, $(grep -c '^flaky' "$OUT") flaky, $(grep -c '^env' "$OUT") env"
