#!/bin/bash
# analyze.sh PCAP [PORT]: counts for a (big) echo capture: frames, per-direction frames and bytes,
# frame length range, advertised windows, and the count of every tcp.analysis flag tshark raises.
p=$1; port=${2:-10000}
T() { tshark -r "$p" "$@" 2>/dev/null; }
echo "# $(basename "$p")"
echo "frames: $(T -T fields -e frame.number | wc -l)  (arp: $(T -Y arp -T fields -e frame.number | wc -l), tcp: $(T -Y tcp -T fields -e frame.number | wc -l))"
echo "first..last tcp frame: $(T -Y tcp -T fields -e frame.time_relative | sed -n '1p;$p' | tr '\n' ' ')s"
for dir in "tcp.dstport==$port" "tcp.srcport==$port"; do
  echo "-- $dir: frames $(T -Y "$dir" -T fields -e frame.number | wc -l), with payload $(T -Y "$dir && tcp.len>0" -T fields -e frame.number | wc -l), payload bytes $(T -Y "$dir" -T fields -e tcp.len | awk '{s+=$1} END {print s+0}')"
  echo "   frame.len min/max: $(T -Y "$dir" -T fields -e frame.len | sort -n | sed -n '1p;$p' | tr '\n' ' ')"
  echo "   tcp.len>1448 (GSO/GRO super-frames as the capture sees them): $(T -Y "$dir && tcp.len>1448" -T fields -e frame.number | wc -l)"
  echo "   tcp.window_size (scaled) min/max: $(T -Y "$dir && tcp.flags.syn==0" -T fields -e tcp.window_size | sort -n | sed -n '1p;$p' | tr '\n' ' ')  raw min/max: $(T -Y "$dir && tcp.flags.syn==0" -T fields -e tcp.window_size_value | sort -n | sed -n '1p;$p' | tr '\n' ' ')"
done
echo "-- tcp.analysis flags (count of frames carrying each):"
for f in zero_window zero_window_probe zero_window_probe_ack window_full window_update retransmission fast_retransmission spurious_retransmission duplicate_ack lost_segment ack_lost_segment out_of_order keep_alive keep_alive_ack reused_ports; do
  n=$(T -Y "tcp.analysis.$f" -T fields -e frame.number | wc -l); [ "$n" != 0 ] && echo "   tcp.analysis.$f: $n"
done
echo "   any tcp.analysis.flags: $(T -Y tcp.analysis.flags -T fields -e frame.number | wc -l)"
