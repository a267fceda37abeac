#!/usr/bin/env bash
# Issue 2's figures against the hand-written virtual-thread baselines, both measured in one session on this machine:
# the runtime's JMH benchmarks (OneToOneThroughput, FanInThroughput, PingPong, Spawn at N = 1000) and the baselines
# of package io.foundation.beam.benchmarks.baseline (the same workloads on plain virtual threads with a
# ConcurrentLinkedQueue or LinkedTransferQueue mailbox), then both idle-footprint programs.
#
#   foundation-beam-benchmarks/baselines.sh            # about 20 minutes on 2 cores; run it on a quiet machine
#   foundation-beam-benchmarks/baselines.sh --smoke    # about 3 minutes; proves the pipeline, measures nothing
#
# The throughput benchmarks run twice: with the JVM's default flags, and with a fixed, pre-touched heap
# (-Xms2g -Xmx2g -XX:+AlwaysPreTouch), because on a VM whose memory the host backs lazily the first touch of a heap
# page costs microseconds and moves throughput figures by up to 10x between JVMs (docs/benchmarks.md, "What limits
# us"). Four forks each: figures differ more between forks than between iterations.
#
# Output: target/baselines/*.json (JMH) and *.txt (logs, programs' output) under foundation-beam-benchmarks/.
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm), BASELINES_SKIP_BUILD=1 (use the
# jar as built).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=$(foundation-beam-benchmarks/find-java.sh)
JAR=foundation-beam-benchmarks/target/benchmarks.jar
OUT=foundation-beam-benchmarks/target/baselines
if [[ "${BASELINES_SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -ntp -q -DskipTests package -pl foundation-beam-benchmarks -am
fi
mkdir -p "$OUT"
echo "java: $JAVA; output: $OUT"

SMOKE=0
[[ "${1:-}" == "--smoke" ]] && SMOKE=1

THROUGHPUT='BaselineOneToOne|BaselineFanIn|BaselinePingPong|OneToOneThroughput|FanInThroughput|\.PingPongBenchmark'
FORKS=(-f 4 -wi 3 -w 1s -i 3 -r 1s)
SPAWN_FORKS=(-f 2 -wi 3 -w 1s -i 3 -r 1s)
COUNTS=()
if [[ $SMOKE == 1 ]]; then
  FORKS=(-f 1 -wi 0 -i 1 -r 200ms)
  SPAWN_FORKS=("${FORKS[@]}")
  COUNTS=(20000)
fi

"$JAVA" -jar "$JAR" "$THROUGHPUT" "${FORKS[@]}" -rf json -rff "$OUT/throughput-default.json" \
  | tee "$OUT/throughput-default.txt" | grep -E '^(Benchmark|[A-Za-z].*(thrpt|avgt))'
"$JAVA" -jar "$JAR" "$THROUGHPUT" "${FORKS[@]}" -jvmArgsAppend "-Xms2g -Xmx2g -XX:+AlwaysPreTouch" \
  -rf json -rff "$OUT/throughput-pretouch.json" \
  | tee "$OUT/throughput-pretouch.txt" | grep -E '^(Benchmark|[A-Za-z].*(thrpt|avgt))'
"$JAVA" -jar "$JAR" 'BaselineSpawn|\.SpawnBenchmark' -p n=1000 "${SPAWN_FORKS[@]}" \
  -rf json -rff "$OUT/spawn.json" | tee "$OUT/spawn.txt" | grep -E '^(Benchmark|[A-Za-z].*(thrpt|avgt))'
"$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.baseline.BaselineIdleFootprint "${COUNTS[@]}" \
  | tee "$OUT/footprint-baseline.txt" | grep -A5 '^Summary'
"$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.IdleProcessFootprint "${COUNTS[@]}" \
  | tee "$OUT/footprint-beam.txt" | grep -A3 '^Summary'
