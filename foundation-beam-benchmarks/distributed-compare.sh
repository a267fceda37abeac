#!/usr/bin/env bash
# Distributed work, issue 21's benchmark: work submission throughput (closed loop) and latency p50/p99 (open loop) on
# three JVMs on 127.0.0.1 with a distributed ecosystem (twice: with the replicated journal, the default, and with the
# submitter-local journal), against the same workload on one JVM (a local ecosystem with the same workers) and against
# a Pekko typed cluster of three JVMs (a ClusterSingleton coordinator dispatching to worker actors on every node), in
# one run; writes the table into docs/benchmarks.md (between
# <!-- distributed:begin --> and <!-- distributed:end -->).
#
#   foundation-beam-benchmarks/distributed-compare.sh            # full run, about 11 minutes (run it on a quiet machine)
#   foundation-beam-benchmarks/distributed-compare.sh --smoke    # about 1.5 minutes; proves the pipeline, writes nothing in docs/
#
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm), DIST_SKIP_BUILD=1 (use the jar
# as built), DIST_ROUNDS (override the number of rounds).
#
# How it runs. Every system in every round is one run of DistributedBenchmark: a driver JVM that starts the system's
# nodes as child JVMs (NodeMain; three, or one for the single node; same java, same class path, no JVM flag), waits
# until they are ready, tells them over their standard input to run the closed loop and then the open loop, appends
# the figures to results.tsv, and always ends the nodes (they also halt by themselves if the driver dies). The Raft
# logs go in a temporary directory, deleted at exit (trap), whatever happens.
#
# Time budget of the full run on 2 cores (from calibration runs at a load average of 8-11, i.e. with other builds
# running; the report prints the wall time):
#   per system: start (single ~1 s, ours ~7-14 s, Pekko ~20 s), closed loop 20 s warm-up + 3 x 2 s, open loop
#     2 s warm-up + 5 s, close ~3 s                                                       ~ 35-55 s
#   per round: 4 systems (ours twice: replicated and submitter-local journal)             ~ 190 s
#   3 rounds                                                                              ~ 570 s
#   build (mvn package, offline)                                                          ~  60 s
#   total                                                                                 ~ 630 s = 11 min
# Why 20 s of warm-up: with a loaded machine, our three JVMs' closed loop climbs for about 17 s from the start (about
# 900 items/s in the first second, 14 K after 17-20 s, in a calibration run of 20 one-second iterations), and Pekko's
# still climbed between 5 and 11 s; a first full run with 5 s of warm-up measured both while they were climbing.
# The smoke run: 1 round, 1 s warm-up, 2 iterations of 0.5 s, open loop 0.5 s + 1.5 s: ~ 80 s plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."

source foundation-beam-benchmarks/multi-jvm-common.sh
parse_mode "$@"

IN_FLIGHT=256
FRACTION=0.5
WORKERS_PER_NODE=2
if [[ "$MODE" == full ]]; then
  ROUNDS=${DIST_ROUNDS:-3}
  WARMUP_MS=20000
  ITERATIONS=3
  ITERATION_MS=2000
  LATENCY_WARMUP_MS=2000
  LATENCY_MEASURE_MS=5000
  BUDGET="3 rounds x 4 systems x (start 1-20 s + 20 s warm-up + 3 x 2 s + 2 s + 5 s open loop + ~3 s close) + build ~ 11 min"
else
  ROUNDS=${DIST_ROUNDS:-1}
  WARMUP_MS=1000
  ITERATIONS=2
  ITERATION_MS=500
  LATENCY_WARMUP_MS=500
  LATENCY_MEASURE_MS=1500
  BUDGET="smoke: ~80 s plus the build"
fi

JAVA=$(foundation-beam-benchmarks/find-java.sh)

START=$(date +%s)
STARTED_UTC=$(date -u '+%Y-%m-%d %H:%M')
LOAD_BEFORE=$(cat /proc/loadavg)
UPTIME_BEFORE=$(uptime)
prepare_run distributed "${DIST_SKIP_BUILD:-0}"

RAFT=$(mktemp -d "${TMPDIR:-/tmp}/dist-bench-raft.XXXXXX")
trap 'rm -rf "$RAFT"' EXIT
RAFT_FS=$(df -T "$RAFT" | awk 'NR == 2 { print $2 " (" $1 ")" }')

echo "== $MODE run, $ROUNDS round(s), results in $OUT, java $JAVA, Raft logs in $RAFT ($RAFT_FS), budget: $BUDGET"
all=(beam beam-local single pekko)
for ((round = 1; round <= ROUNDS; round++)); do
  shift_by=$(((round - 1) % ${#all[@]}))
  systems=("${all[@]:shift_by}" "${all[@]:0:shift_by}")
  for system in "${systems[@]}"; do
    echo "== round $round/$ROUNDS: $system"
    begin=$(date +%s)
    mkdir -p "$RAFT/r$round-$system"
    timeout -k 10 400 "$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.distributed.DistributedBenchmark \
      system="$system" round="$round" out="$RESULTS" raft="$RAFT/r$round-$system" warmup="$WARMUP_MS" \
      iterations="$ITERATIONS" iteration="$ITERATION_MS" in-flight="$IN_FLIGHT" latency-warmup="$LATENCY_WARMUP_MS" \
      latency-measure="$LATENCY_MEASURE_MS" fraction="$FRACTION" workers-per-node="$WORKERS_PER_NODE" \
      >>"$OUT/run-r$round.log" 2>&1 \
      || { echo "$system failed in round $round; see $OUT/run-r$round.log" >&2
           tail -40 "$OUT/run-r$round.log" >&2; exit 1; }
    grep "^\[driver\] $system: \(throughput iteration\|open loop at\)" "$OUT/run-r$round.log" | tail -$((ITERATIONS + 1)) \
      | sed 's/^/   /'
    echo "   ($(($(date +%s) - begin)) s)"
    rm -rf "${RAFT:?}/r$round-$system"
  done
done

ELAPSED=$(($(date +%s) - START))
LOAD_AFTER=$(cat /proc/loadavg)
UPTIME_AFTER=$(uptime)
report_doc
"$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.distributed.DistributedReport --results "$RESULTS" --doc "$DOC" \
  --date "$STARTED_UTC" --mode "$MODE" --commit "$COMMIT" --beam-version "$BEAM_VERSION" --elapsed "$ELAPSED" \
  --budget "$BUDGET" --rounds "$ROUNDS" --warmup-ms "$WARMUP_MS" --iterations "$ITERATIONS" \
  --iteration-ms "$ITERATION_MS" --in-flight "$IN_FLIGHT" --fraction "$FRACTION" \
  --latency-warmup-ms "$LATENCY_WARMUP_MS" --latency-measure-ms "$LATENCY_MEASURE_MS" \
  --workers-per-node "$WORKERS_PER_NODE" --load-before "$LOAD_BEFORE" --load-after "$LOAD_AFTER" \
  --uptime-before "$UPTIME_BEFORE" --uptime-after "$UPTIME_AFTER" --raft-fs "$RAFT_FS" >"$OUT/report.log" 2>&1 \
  || { cat "$OUT/report.log" >&2; exit 1; }
cat "$OUT/report.log"
echo "== done in ${ELAPSED} s (budget: $BUDGET); raw results in $OUT"
if [[ "$MODE" == full && "$ELAPSED" -gt 840 ]]; then
  echo "WARNING: the run took more than 14 minutes" >&2
fi
