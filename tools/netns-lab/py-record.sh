#!/bin/bash
# py-record.sh OUTROOT [TASK...]: the course-style Python programs of test/pybridge/programs on
# the namespace lab (lab.sh), one fresh lab per task, results in OUTROOT/TASK/ — the ground truth
# of test/pybridge/real-linux.test.ts (see test/fixtures/real/py/README.md).
# Tasks: thread pool select selectors asyncio broadcast udpfile lines sendfile timeout reset busy refused writable stdlib udptime chat
#        halfclose sockopts udpserver framed poll epollet aiochat nbconnect overflow names bcastany multicast
#        http11 fileproto utf8 selchat sensor errnos restart upload
# The lab's namespaces are one set per machine: run it under flock /tmp/netns-lab.lock when others may too
# (programs start with only stdin/out/err open, as from a terminal: fds 3-9 a caller left open are closed).
# Every machine has the hostname labwire's lab gives it (the echo clients send it), captures are
# `any` (SLL v1, nanoseconds) on each machine the task uses, and every program's stdout and stderr
# are kept apart (PYTHONUNBUFFERED: a server stopped by SIGTERM has written all it printed).
# Programs run unmodified; programs/cc/sitecustomize.py sets cubic on each TCP socket.
# Timing as in the test: servers (and receivers) at 0, mesin2's program at 1 s, mesin3's at 1.5 s;
# captures stop 1.5 s after the last non-server program ended, then the servers are stopped.
set -uo pipefail
HERE=$(dirname "$(realpath "$0")")
source "$HERE/lab.sh"
OUTROOT=$(realpath -m "${1:?usage: py-record.sh OUTROOT [TASK...]}"); shift
TASKS=${*:-thread pool select selectors asyncio broadcast udpfile lines sendfile timeout reset busy refused writable stdlib udptime chat halfclose sockopts udpserver framed poll epollet aiochat nbconnect overflow names bcastany multicast http11 fileproto utf8 selchat sensor errnos restart upload}
PY=${PY:-/usr/bin/python3}
PYPROGS=$(realpath "$HERE/../../test/pybridge/programs")
CC_SHIM=$HERE/programs/cc
HOSTNAMES=(none 2117a5c5c2c4 79666ee79c0 5c1f0a3e9b27)   # src/labs/progjar/lab.ts
SERVER=172.16.16.101
trap lab_down EXIT

# on M NAME ARGS... &: python ARGS in mesin M as that machine's labwire hostname, output to
# $D/mesinM.NAME.{stdout,stderr}; only in the background (exec: $! is the program's own pid)
on() {
  local m=$1 name=$2; shift 2
  exec ip netns exec gtm$m unshare --uts env -i PATH=/usr/bin:/bin LANG=C.UTF-8 PYTHONPATH=$CC_SHIM PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    sh -c "hostname ${HOSTNAMES[$m]}; cd $PYPROGS; exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; exec \"\$@\"" sh $PY "$@" > $D/mesin$m.$name.stdout 2> $D/mesin$m.$name.stderr
}

caps() { # machines...: `any` on each
  CAPS=""
  for m in "$@"; do CAPS="$CAPS $(cap $D gtm$m any mesin$m-any.pcap LINUX_SLL ${SNAP:-})"; done
  sleep 1
}
finish() { # server pids...: captures off 1.5 s after the clients, then the servers
  sleep 0.5; caps_stop
  [ $# -gt 0 ] && { kill "$@" 2>/dev/null; wait "$@" 2>/dev/null; }
  true
}

echo_task() { # server program: on mesin1 (port 8889), echo_client.py from mesin2 at 1 s and mesin3 at 1.5 s
  caps 1 2 3
  on 1 $1 $1 8889 & local s=$!
  sleep 1; on 2 echo_client.py echo_client.py $SERVER 8889 & local c2=$!
  sleep 0.5; on 3 echo_client.py echo_client.py $SERVER 8889 & local c3=$!
  wait $c2 $c3; finish $s
}
task_thread() { echo_task server_thread.py; }
task_pool() { echo_task pool_server.py; }
task_select() { echo_task server_select.py; }
task_selectors() { echo_task server_selectors.py; }
task_writable() { echo_task always_writable_server.py; }
task_poll() { echo_task poll_server.py; }
task_epollet() { echo_task epoll_et_server.py; }

pair_task() { # server client args...: server on mesin1 (its default port, or $SERVER_ARGS), client on mesin2 at 1 s
  local server=$1 client=$2; shift 2
  caps 1 2
  on 1 $server $server ${SERVER_ARGS:-} & local s=$!
  sleep 1; on 2 $client $client "$@" & local c=$!
  wait $c; finish $s
}
task_asyncio() { pair_task asyncio_server.py asyncio_client.py; }
task_lines() { pair_task line_server.py line_client.py; }
task_timeout() { pair_task silent_server.py timeout_client.py; }
task_reset() { pair_task rude_server.py reset_client.py; }
task_busy() { pair_task busy_server.py http_client.py; }
task_stdlib() { pair_task stdlib_http_server.py stdlib_http_client.py $SERVER; }
task_aiochat() { pair_task asyncio_chat_server.py asyncio_chat_client.py $SERVER; }
task_nbconnect() { SERVER_ARGS=8889 pair_task server_thread.py nonblocking_connect.py $SERVER; }
task_overflow() { pair_task udp_overflow_recv.py udp_overflow_send.py $SERVER; }
task_names() { # names.py on mesin2 at 1 s: its resolver questions, nothing else running
  caps 1 2
  sleep 1; on 2 names.py names.py & local c=$!
  wait $c; finish
}
task_framed() { pair_task framed_server.py framed_client.py $SERVER; }
task_halfclose() { pair_task half_close_server.py half_close_client.py $SERVER; }
task_sockopts() { pair_task half_close_server.py sockopts.py $SERVER; }
task_udpserver() { pair_task udp_socketserver.py udp_socketserver_client.py $SERVER; }
task_udptime() { pair_task udp_time_server.py udp_time_client.py $SERVER; }

task_chat() { # JSON-line chat server on mesin1, budi on mesin2 at 1 s, ani on mesin3 at 1.5 s
  caps 1 2 3
  on 1 chat_json_server.py chat_json_server.py & local s=$!
  sleep 1; on 2 chat_json_client.py chat_json_client.py $SERVER budi ani & local c2=$!
  sleep 0.5; on 3 chat_json_client.py chat_json_client.py $SERVER ani budi 1.25 & local c3=$!
  wait $c2 $c3; finish $s
}

task_http11() { pair_task http11_server.py http11_client.py $SERVER; }
task_errnos() { SERVER_ARGS=8889 pair_task server_thread.py errnos.py $SERVER; }
task_restart() { pair_task restart_server.py restart_client.py $SERVER; }
task_upload() { pair_task upload_server.py upload_client.py $SERVER; } # 300 000 bytes up, whole frames (kept gzipped)
task_utf8() { pair_task utf8_server.py utf8_client.py $SERVER; }
task_fileproto() { # the client saves the files into $D/got (removed after)
  mkdir -p $D/got
  pair_task file_proto_server.py file_proto_client.py $SERVER $D/got
  rm -rf $D/got
}

task_selchat() { # select() chat on mesin1: budi on mesin2 at 1 s, ani on mesin3 at 1.5 s, citra on mesin1 (127.0.0.1) at 2 s
  caps 1 2 3
  on 1 select_chat_server.py select_chat_server.py & local s=$!
  sleep 1; on 2 select_chat_client.py select_chat_client.py $SERVER budi 5 0.2 & local c2=$!
  sleep 0.5; on 3 select_chat_client.py select_chat_client.py $SERVER ani 4 0.3 & local c3=$!
  sleep 0.5; on 1 select_chat_client.py select_chat_client.py 127.0.0.1 citra 0 0.3 & local c1=$!
  wait $c1 $c2 $c3; finish $s
}

task_sensor() { # UDP collector on mesin1, sensors on mesin2 at 1 s and mesin3 at 1.5 s (a reading every 0.2 s each)
  caps 1 2 3
  on 1 udp_collector.py udp_collector.py 2 & local r=$!
  sleep 1; on 2 udp_sensor.py udp_sensor.py $SERVER lantai1 24.5 & local s2=$!
  sleep 0.5; on 3 udp_sensor.py udp_sensor.py $SERVER lantai2 27 & local s3=$!
  wait $s2 $s3 $r; finish
}

task_broadcast() { # receivers on mesin2 and mesin3 (3 datagrams each), the sender on mesin1 at 1 s
  caps 1 2
  on 2 udp_receive.py udp_receive.py & local r2=$!
  on 3 udp_receive.py udp_receive.py & local r3=$!
  sleep 1; on 1 udp_broadcast_send.py udp_broadcast_send.py & local s=$!
  wait $s $r2 $r3; finish
}

task_multicast() { # receivers joining 224.1.1.1 on mesin2 and mesin3 (mesin3's with a second socket that joins nothing), the sender on mesin1 at 2 s (after the joins' IGMPv3 reports)
  caps 1 2 3
  on 2 mcast_receive.py mcast_receive.py & local r2=$!
  on 3 mcast_receive.py mcast_receive.py other & local r3=$!
  sleep 2; on 1 mcast_send.py mcast_send.py & local s=$!
  wait $s $r2 $r3; finish
}

task_bcastany() { # answerers on mesin2 and mesin3, mesin1 asks '<broadcast>' and 172.16.16.255 at 1 s
  caps 1 2 3
  on 2 bcast_any.py bcast_any.py answer & local r2=$!
  on 3 bcast_any.py bcast_any.py answer & local r3=$!
  sleep 1; on 1 bcast_any.py bcast_any.py ask & local s=$!
  wait $s $r2 $r3; finish
}

task_udpfile() { # 10 000 bytes ((i * 7) & 0xff) in 1024-byte datagrams from mesin2 to mesin1
  $PY -c "import sys; open(sys.argv[1], 'wb').write(bytes((i * 7) & 0xff for i in range(10000)))" $D/data.bin
  caps 1 2
  on 1 udp_file_recv.py udp_file_recv.py $D/copy.bin & local r=$!
  sleep 1; on 2 udp_file_send.py udp_file_send.py $D/data.bin $SERVER & local s=$!
  wait $s $r; finish
  cmp $D/data.bin $D/copy.bin && rm $D/data.bin $D/copy.bin
}

task_sendfile() { # a 50 000-byte image ((i * 13 + (i >> 8)) & 0xff) sendfile()d to the select server, echoed back
  $PY -c "import sys; open(sys.argv[1], 'wb').write(bytes((i * 13 + (i >> 8)) & 0xff for i in range(50000)))" $D/image.png
  SNAP=128 SERVER_ARGS=8889 pair_task server_select.py sendfile_client.py $D/image.png $D/echo.png
  cmp $D/image.png $D/echo.png && rm $D/image.png $D/echo.png
}

task_refused() { # echo_client.py to a port nobody listens on: the uncaught ConnectionRefusedError
  caps 1 2
  sleep 1; on 2 echo_client.py echo_client.py $SERVER 8890 & local c=$!
  wait $c; finish
}

for t in $TASKS; do
  D=$OUTROOT/$t
  rm -rf "$D"; mkdir -p "$D"
  lab_up
  # as in a Docker container, /etc/hosts maps the machine's hostname (its container id) to its
  # eth0 address: http.server's getfqdn() and gethostbyname(gethostname()) ask no DNS
  for m in 1 2 3; do printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.20.0.%d\t%s\n172.20.0.%d\tmesin%d\n' $((2+m)) ${HOSTNAMES[$m]} $((2+m)) $m > /etc/netns/gtm$m/hosts; done
  sleep 3 # gtgw's bridges join 224.0.0.106 (multicast router discovery) with IGMPv3 reports in their first seconds
  { echo "kernel $(uname -r)"; for m in 1 2 3; do echo "mesin$m: $(ip netns exec gtm$m sysctl -n net.ipv4.tcp_rmem net.ipv4.tcp_wmem net.ipv4.tcp_congestion_control | tr '\n\t' '  ')"; done; echo "python $($PY -V 2>&1)"; date -u +'recorded %F %T UTC'; } > $D/env.txt
  task_$t
  lab_down
  "$HERE/describe.sh" $D/*.pcap
  find $D -name '*.std*' -empty -delete
  # big results (sendfile's) are kept gzipped
  find $D -type f -size +40k -exec gzip -9 {} +
  grep -L '^0 packets dropped by kernel' $D/*.tcpdump-stats.txt | sed 's/^/RECORD AGAIN: tcpdump dropped packets: /'
  echo "$t: $(ls $D | tr '\n' ' ')"
done
