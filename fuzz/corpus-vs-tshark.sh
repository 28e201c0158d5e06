#!/bin/bash
# `bash fuzz/corpus-vs-tshark.sh DIR`: labwire show (and -V) on each capture in DIR (tcpdump's tests/),
# whole process (the compiled CLI: `npm run build` first), its CPU time beside tshark's on the same
# file (measured in the same loop); prints a summary:
# crashes (a stack trace or "internal error" on stderr) and the files over 3x tshark's CPU time.
DIR=$(realpath "${1:?usage: bash fuzz/corpus-vs-tshark.sh DIR [TSHARK_TSV] [LABWIRE_TSV]}"); TT=${2:-/tmp/tshark-times.tsv}; OUT=${3:-/tmp/labwire-times.tsv}
cd "$(dirname "$0")/.."
: > $OUT
: > $TT
for f in $(ls $DIR); do
  /usr/bin/time -o /tmp/cc.ta -f "%U %S" node bin/labwire.mjs show "$DIR/$f" > /dev/null 2>/tmp/cc.err; echo "rc=$?" >> /tmp/cc.err; a=$(tail -1 /tmp/cc.ta)
  ea=$(grep -c "    at \|internal error" /tmp/cc.err); rca=$(grep rc= /tmp/cc.err | tail -1)
  /usr/bin/time -o /tmp/cc.tb -f "%U %S" node bin/labwire.mjs show -V "$DIR/$f" > /dev/null 2>/tmp/cc.err; echo "rc=$?" >> /tmp/cc.err; b=$(tail -1 /tmp/cc.tb)
  eb=$(grep -c "    at \|internal error" /tmp/cc.err); rcb=$(grep rc= /tmp/cc.err | tail -1)
  /usr/bin/time -o /tmp/cc.tc -f "%U %S" tshark -r "$DIR/$f" > /dev/null 2>&1; /usr/bin/time -o /tmp/cc.td -f "%U %S" tshark -V -r "$DIR/$f" > /dev/null 2>&1
  echo "$f	$(tail -1 /tmp/cc.tc)	$(tail -1 /tmp/cc.td)" >> $TT
  echo "$f	$a	$b	$ea	$eb	$rca	$rcb" >> $OUT
done
python3 - "$TT" "$OUT" <<'PY'
import sys
t={l.split('\t')[0]:l.rstrip('\n').split('\t')[1:] for l in open(sys.argv[1])}
worst=[];crash=0;n=0;over=[]
for l in open(sys.argv[2]):
    f,a,b,ea,eb,rca,rcb=l.rstrip('\n').split('\t')
    if f not in t: continue
    n+=1
    cpu=lambda s: sum(map(float,s.split())) if s.strip() else float('nan')
    la,lb=cpu(a),cpu(b); ta,tb=cpu(t[f][0]),cpu(t[f][1])
    if int(ea) or int(eb): crash+=1
    for kind,x,y in (('list',la,ta),('-V',lb,tb)):
        r=x/max(y,0.01); worst.append((r,f,kind,x,y))
        if r>3: over.append((r,f,kind,x,y))
worst.sort(reverse=True)
print(f"{n} files; crashes (stack trace / internal error): {crash}; over 3x tshark CPU: {len(over)}")
for r,f,k,x,y in worst[:8]: print(f"  {r:.2f}x {f} {k}: labwire {x:.2f} s, tshark {y:.2f} s")
PY
