#!/bin/bash
# ipv6-localhost.sh OUTDIR: the 'localhost' programs of test/pybridge/programs (issue 12) on real
# Linux, in one network namespace of its own (lw6lo) whose lo has ::1, with a Docker >= 26
# /etc/hosts bind-mounted over the host's (127.0.0.1 and ::1 both named localhost), so glibc's
# getaddrinfo gives ::1 first as in the lab's containers. Each task: `any` captured as Linux
# cooked v1 (tcpdump -y LINUX_SLL, nanoseconds), its programs' output in TASK.PROGRAM.out; a
# server that never ends (asyncio's serve_forever) is stopped 1.5 s after the client started.
#   asyncio   localhost_asyncio_server.py + localhost_asyncio_client.py
#   fallback  ipv4_only_server.py + localhost_create_connection.py (::1 refused, then 127.0.0.1)
#   udp       udp6_echo.py
#   v6only0, v6only1   v6only.py 0 / 1
set -uo pipefail
OUT=$(realpath -m "${1:?usage: ipv6-localhost.sh OUTDIR}")
PROGS=$(realpath "$(dirname "$(realpath "$0")")/../../test/pybridge/programs")
PY=${PY:-/usr/bin/python3}
NS=lw6lo
down() { ip netns pids $NS 2>/dev/null | xargs -r kill 2>/dev/null; sleep 0.2; ip netns del $NS 2>/dev/null; true; }
trap down EXIT
down; mkdir -p "$OUT"
ip netns add $NS; ip -n $NS link set lo up
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.20.0.3\t2117a5c5c2c4\n' > "$OUT/hosts"

run() { # TASK PROGRAM [ARG]...: in the background, output to OUT/TASK.PROGRAM.out
  local task=$1 prog=$2; shift 2
  ip netns exec $NS unshare -m sh -c "mount --bind '$OUT/hosts' /etc/hosts && cd '$PROGS' && exec env -i PATH=/usr/bin:/bin LANG=C.UTF-8 PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 $PY $prog $*" > "$OUT/$task.$prog.out" 2>&1
}
task() { # TASK "PROGRAM [ARG]..."...: the programs 0.3 s apart, stopped 1.5 s after the last
  local name=$1; shift
  ip netns exec $NS tcpdump -q -U -n -i any -y LINUX_SLL --time-stamp-precision=nano -w "$OUT/$name.pcap" 2>"$OUT/$name.pcap.tcpdump-stats.txt" & local cap=$!
  sleep 1
  local pids=()
  for p in "$@"; do run $name $p & pids+=($!); sleep 0.3; done
  sleep 1.5
  kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null
  sleep 0.3; kill -INT $cap; wait $cap 2>/dev/null
}
task asyncio localhost_asyncio_server.py localhost_asyncio_client.py
task fallback ipv4_only_server.py localhost_create_connection.py
task udp udp6_echo.py
task v6only0 "v6only.py 0"
task v6only1 "v6only.py 1"
uname -r > "$OUT/kernel.txt"
rm -f "$OUT/hosts"
