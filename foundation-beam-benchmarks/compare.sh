#!/usr/bin/env bash
# Head-to-head comparison, Foundation BEAM against Apache Pekko typed (issue 6): one command that builds the
# benchmarks jar, runs workloads W1-W6 on both systems, and writes the table and chart into docs/benchmarks.md
# (between <!-- compare:begin --> and <!-- compare:end -->) and docs/benchmarks-compare.svg.
#
#   foundation-beam-benchmarks/compare.sh            # full run (run it on a quiet machine)
#   foundation-beam-benchmarks/compare.sh --smoke    # about a minute; proves the pipeline, writes nothing in docs/
#
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm), COMPARE_SKIP_BUILD=1 (use the
# jar as built), COMPARE_ONLY (an extended regular expression over the unit names below, e.g. 'w3|w6'; skips W2
# unless it matches 'w2'), COMPARE_ROUNDS (override the number of rounds), COMPARE_JVM_ARGS (flags added to every
# benchmark JVM of both systems, JMH forks and W2 alike, e.g. '-Xms2g -Xmx2g'; recorded in the report; none by
# default).
#
# How it runs. Every workload is a "unit" (one JMH benchmark method with one parameter set); a round runs every
# unit once, both systems back to back in one JMH invocation (one fork each), so the two figures of a row are
# measured minutes apart at most; odd rounds run Foundation BEAM first, even rounds Pekko first. W2 (heap per idle
# process, spawn time) is a plain program, run after round 1 in a fresh JVM for every system, count and round. No JVM flag is added
# anywhere (ergonomic defaults); the report records the flags JMH saw.
#
# Time budget of the full run on 2 cores (worked out from short calibration runs, then checked against the wall time
# the report prints; the script warns if a full run exceeds 15 minutes):
#   per fork: warm-up 1 x 1 s + measurement 3 x 1 s = 4 s, plus about 4 s of JVM start, system start-up, set-up,
#     tear-down and iteration overrun                                                        =   8 s
#   per round: 15 units x 2 systems = 30 forks x 8 s = 240 s, plus 15 JMH launches x 1 s     =  15 s, plus W1 at
#     10 000 workers (one creation takes seconds on Foundation BEAM, so every iteration overruns) =  40 s
#                                                                                            = 295 s
#   2 rounds                                                                                 = 590 s
#   W2: one JVM per system, count and round, 2 rounds of 100 000 and of 1 000 000 each: Pekko about 8 s and
#     60 s per JVM (1M actors: 35 s to spawn on a busy machine, plus forced GCs of a 760 MB heap), Foundation BEAM
#     about 4 s and 10 s                                                                     ~ 165 s
#   build (mvn package)                                                                      ~  60 s
#   total                                                                                    ~ 815 s = 13.6 min
# The smoke run: 1 round, W1 at 10 workers only, no warm-up, one 200 ms iteration, W2 with 20 000
# processes and one round: about 18 forks x 4 s + W2 ~ 1.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

source foundation-beam-benchmarks/multi-jvm-common.sh
parse_mode "$@"

if [[ "$MODE" == full ]]; then
  ROUNDS=${COMPARE_ROUNDS:-2}
  JMH_TIMES=(-f 1 -wi 1 -w 1s -i 3 -r 1s)
  W1_SIZES=(10 100 1000 10000)
  W2_COUNTS=(100000 1000000)
  W2_ROUNDS=2
  BUDGET="2 rounds x 30 forks x (1 s warm-up + 3 x 1 s measured + ~4 s overhead) + W1 overrun + W2 + build ~ 13.6 min"
else
  ROUNDS=${COMPARE_ROUNDS:-1}
  JMH_TIMES=(-f 1 -wi 0 -i 1 -r 200ms)
  W1_SIZES=(10)
  W2_COUNTS=(20000)
  W2_ROUNDS=1
  BUDGET="smoke: ~1.5 min"
fi

# The newest JDK 21+ unless JAVA is set.
JAVA=$(foundation-beam-benchmarks/find-java.sh)

START=$(date +%s)
if [[ "${COMPARE_SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building the benchmarks jar"
  mvn -B -ntp -q -DskipTests package -pl foundation-beam-benchmarks -am
fi
JAR=foundation-beam-benchmarks/target/benchmarks.jar
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  COMMIT="$COMMIT-dirty"
fi
BEAM_VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
OUT=foundation-beam-benchmarks/target/compare/$(date -u +%Y%m%d-%H%M%S)-$MODE
mkdir -p "$OUT"
echo "== $MODE run, $ROUNDS round(s), results in $OUT, java $JAVA, budget: $BUDGET"

# Units: name|JMH benchmark (regular expression)|parameters other than the system.
UNITS=()
for n in "${W1_SIZES[@]}"; do UNITS+=("w1-create-$n|W1EcosystemBenchmark\.create\$|-p workers=$n"); done
for n in "${W1_SIZES[@]}"; do UNITS+=("w1-shutdown-$n|W1EcosystemBenchmark\.shutdown\$|-p workers=$n"); done
UNITS+=("w3-one-to-one|W3OneToOneBenchmark\.plain\$|")
UNITS+=("w3-one-to-one-credit|W3OneToOneBenchmark\.credit\$|")
UNITS+=("w3-fan-in|W3FanInBenchmark\.integers\$|")
UNITS+=("w3-ping-pong|W3PingPongBenchmark\.handlers\$|")
UNITS+=("w4-complex|W4ComplexMessageBenchmark\.records\$|")
UNITS+=("w5-cross-ecosystem|W5CrossEcosystemBenchmark\.forwarded\$|")
UNITS+=("w6-submit|W6SubmitBenchmark\.submitted\$|")

run_w2() {
  for count in "${W2_COUNTS[@]}"; do
    for ((r = 1; r <= W2_ROUNDS; r++)); do
      if ((r % 2 == 1)); then systems=(beam pekko); else systems=(pekko beam); fi
      for system in "${systems[@]}"; do
        echo "== W2 $system $count round $r"
        # shellcheck disable=SC2086
        "$JAVA" ${COMPARE_JVM_ARGS:-} -Dout="$OUT/w2.tsv" -Dround="$r" -cp "$JAR" \
          io.foundation.beam.benchmarks.compare.W2IdleFootprint "$system" "$count" >>"$OUT/w2.log" 2>&1 \
          || { echo "W2 $system failed; see $OUT/w2.log" >&2; tail -20 "$OUT/w2.log" >&2; exit 1; }
      done
    done
  done
}

for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then order=beam,pekko; else order=pekko,beam; fi
  for unit in "${UNITS[@]}"; do
    IFS='|' read -r name regex params <<<"$unit"
    if [[ -n "${COMPARE_ONLY:-}" ]] && ! [[ "$name" =~ $COMPARE_ONLY ]]; then continue; fi
    echo "== round $round/$ROUNDS: $name ($order)"
    # shellcheck disable=SC2086
    jvm_args=()
    if [[ -n "${COMPARE_JVM_ARGS:-}" ]]; then jvm_args=(-jvmArgsAppend "$COMPARE_JVM_ARGS"); fi
    "$JAVA" -jar "$JAR" "io\.foundation\.beam\.benchmarks\.compare\.$regex" $params -p system=$order \
      "${JMH_TIMES[@]}" "${jvm_args[@]}" -foe true -rf json -rff "$OUT/jmh-r$round-$name.json" >>"$OUT/jmh-r$round.log" 2>&1 \
      || { echo "$name failed in round $round; see $OUT/jmh-r$round.log" >&2; tail -30 "$OUT/jmh-r$round.log" >&2; exit 1; }
  done
  if ((round == 1)) && { [[ -z "${COMPARE_ONLY:-}" ]] || [[ w2 =~ $COMPARE_ONLY ]]; }; then
    run_w2
  fi
done

ELAPSED=$(($(date +%s) - START))
if [[ "$MODE" == full ]]; then
  DOC=docs/benchmarks.md
  SVG=docs/benchmarks-compare.svg
else
  # A smoke run never writes into docs/: it fills a copy of the page, next to the raw results.
  DOC=$OUT/benchmarks.md
  SVG=$OUT/benchmarks-compare.svg
  cp docs/benchmarks.md "$DOC"
fi
"$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.compare.CompareReport --results "$OUT" --doc "$DOC" --svg "$SVG" \
  --svg-ref benchmarks-compare.svg --mode "$MODE" --commit "$COMMIT" --beam-version "$BEAM_VERSION" \
  --elapsed "$ELAPSED" --budget "$BUDGET" --rounds "$ROUNDS" --w2-opts "${COMPARE_JVM_ARGS:-}" >"$OUT/report.log" 2>&1 \
  || { cat "$OUT/report.log" >&2; exit 1; }
cat "$OUT/report.log"
echo "== done in ${ELAPSED} s (budget: $BUDGET); raw results in $OUT"
if [[ "$MODE" == full && "$ELAPSED" -gt 900 ]]; then
  echo "WARNING: the run took more than 15 minutes" >&2
fi
