#!/bin/bash
# describe.sh PCAP...: writes PCAP.txt beside each capture, one line per frame, with the fields
# labwire calibrates against (tshark's names). Empty field = not present in that frame.
for p in "$@"; do
  {
    echo "# $(basename "$p"): $(capinfos -T -r -E -c -l -M "$p" 2>/dev/null | cut -f2- | tr '\t' ' ')"
    echo "# no|t_rel_s|len|caplen|sll.pkttype|sll.hatype|sll.halen|sll.src|eth.src|eth.dst|arp.opcode|arp.src.hw|arp.dst.hw|ip.id|ip.flags.df|ip.ttl|ip.len|tcp.window_size_value|info"
    tshark -r "$p" -T fields -E separator='|' -e frame.number -e frame.time_relative -e frame.len -e frame.cap_len \
      -e sll.pkttype -e sll.hatype -e sll.halen -e sll.src.eth -e eth.src -e eth.dst -e arp.opcode -e arp.src.hw_mac -e arp.dst.hw_mac \
      -e ip.id -e ip.flags.df -e ip.ttl -e ip.len -e tcp.window_size_value -e _ws.col.Info 2>/dev/null
  } > "$p.txt"
done
