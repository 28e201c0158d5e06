#!/bin/bash
# collect.sh TASKDIR BIGDIR DEST [PCAP-LABEL...]: moves a big task's results into a fixture folder:
# runs.txt and *.ss.txt as they are, ss_table.md (ss_table.py), analysis.txt (analyze.sh on every
# mesin1 `any` capture of the task), logs.txt (line counts, first and last lines of each program log),
# and the full captures (+ describe.sh tables) only for the labels given.
set -u
T=$1 B=$2 D=$3; shift 3
H=$(dirname "$(realpath "$0")")
mkdir -p "$D"
cp "$T"/runs.txt "$D"/ 2>/dev/null
cp "$T"/*.ss.txt "$D"/ 2>/dev/null
ls "$T"/*.ss.txt >/dev/null 2>&1 && "$H"/ss_table.py $(ls -v "$T"/*.ss.txt) > "$D"/ss_table.md
labels=$(awk '{print $1}' "$T"/runs.txt | grep -v '^lo')
: > "$D"/analysis.txt; : > "$D"/logs.txt
for L in $labels; do
  [ -f "$B/$L.mesin1-any.pcap" ] && { "$H"/analyze.sh "$B/$L.mesin1-any.pcap"; echo; } >> "$D"/analysis.txt
  for f in "$B/$L".server.txt "$B/$L".client.txt; do
    [ -f "$f" ] || continue
    { echo "=== $(basename "$f"): $(wc -l < "$f") lines, $(wc -c < "$f") bytes; first 6 and last 6 lines (cut at 160 chars):"
      head -6 "$f" | cut -c1-160; echo "..."; tail -6 "$f" | cut -c1-160; echo; } >> "$D"/logs.txt
  done
done
for L in "$@"; do
  for p in "$B/$L".*.pcap; do cp "$p" "$p".tcpdump-stats.txt "$D"/ 2>/dev/null; "$H"/describe.sh "$D/$(basename "$p")"; done
done
