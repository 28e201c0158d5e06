#!/bin/bash
# analyze.sh PCAP [PORT]: counts for a (big) echo capture from one tshark pass: frames, per-direction
# frames and payload bytes, frame length range, advertised windows (scaled and raw), super-frames
# (GSO/TSO segments bigger than one MSS as the capture sees them) and the count of every tcp.analysis flag.
p=$1; port=${2:-10000}
FLAGS="zero_window zero_window_probe zero_window_probe_ack window_full window_update retransmission fast_retransmission spurious_retransmission duplicate_ack lost_segment ack_lost_segment out_of_order keep_alive keep_alive_ack reused_ports"
args=(-e frame.number -e frame.time_relative -e frame.len -e arp.opcode -e tcp.srcport -e tcp.dstport -e tcp.len -e tcp.window_size -e tcp.window_size_value -e tcp.flags.syn -e tcp.analysis.flags)
for f in $FLAGS; do args+=(-e tcp.analysis.$f); done
tshark -r "$p" -T fields -E separator='|' "${args[@]}" 2>/dev/null | python3 -c '
import sys
name, port, flags = sys.argv[1], sys.argv[2], sys.argv[3].split()
rows = [l.rstrip("\n").split("|") for l in sys.stdin]
print("#", name)
tcp = [r for r in rows if r[4]]
print(f"frames: {len(rows)}  (arp: {sum(1 for r in rows if r[3])}, tcp: {len(tcp)})")
if tcp: print(f"first..last tcp frame: {tcp[0][1]} {tcp[-1][1]} s")
for label, col in ((f"tcp.dstport=={port}", 5), (f"tcp.srcport=={port}", 4)):
    d = [r for r in tcp if r[col] == port]
    if not d: continue
    pay = [r for r in d if int(r[6] or 0) > 0]
    lens = [int(r[2]) for r in d]
    win = [int(r[7]) for r in d if r[9] != "1" and r[7]]
    raw = [int(r[8]) for r in d if r[9] != "1" and r[8]]
    print(f"-- {label}: frames {len(d)}, with payload {len(pay)}, payload bytes {sum(int(r[6] or 0) for r in d)}")
    print(f"   frame.len min/max: {min(lens)} {max(lens)}")
    print(f"   tcp.len>1448 (GSO/TSO super-frames as the capture sees them): {sum(1 for r in d if int(r[6] or 0) > 1448)}")
    if win: print(f"   tcp.window_size (scaled) min/max: {min(win)} {max(win)}  raw min/max: {min(raw)} {max(raw)}")
print("-- tcp.analysis flags (count of frames carrying each):")
for i, f in enumerate(flags):
    n = sum(1 for r in rows if len(r) > 11 + i and r[11 + i])
    if n: print(f"   tcp.analysis.{f}: {n}")
print(f"   any tcp.analysis.flags: {sum(1 for r in rows if r[10])}")
' "$(basename "$p")" "$port" "$FLAGS"
