#!/bin/bash
# usage: cg-run-tmp.sh parser kind count -> prints total instructions (Ir)
parser=$1; kind=$2; count=$3; out=/tmp/cg/$parser-$kind-$count.out
rm -f $out
valgrind --tool=callgrind --callgrind-out-file=$out node cg-server-tmp.mjs $parser > /tmp/cg/server.log 2>/tmp/cg/vg.log &
vpid=$!
for i in $(seq 1 600); do grep -q PORT /tmp/cg/server.log 2>/dev/null && break; sleep 0.5; done
port=$(grep PORT /tmp/cg/server.log | awk '{print $2}')
node cg-client-tmp.mjs $port $count $kind
kill -TERM $vpid; wait $vpid
grep -E "^summary|^totals" $out | awk '{print $2}' | head -1
