#!/usr/bin/env bash
# Head-to-head comparison, Foundation BEAM against Apache Pekko typed (issue 6) and, when `erl` is installed,
# Erlang/OTP (issue 24): one command that builds the benchmarks jar, runs workloads W1-W6 on every system, and writes
# the table and chart into docs/benchmarks.md (between <!-- compare:begin --> and <!-- compare:end -->) and
# docs/benchmarks-compare.svg.
#
#   foundation-beam-benchmarks/compare.sh            # full run (run it on a quiet machine)
#   foundation-beam-benchmarks/compare.sh --smoke    # about a minute; proves the pipeline, writes nothing in docs/
#
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm), COMPARE_SKIP_BUILD=1 (use the
# jar as built), COMPARE_ONLY (an extended regular expression over the unit names below, e.g. 'w3|w6' or
# 'w1-create-(sup-)?1000$'; the Erlang-only units are w1-create-sup-N and w1-shutdown-sup-N; skips W2 unless it
# matches 'w2'), COMPARE_ROUNDS (override the number of rounds), COMPARE_JVM_ARGS (flags added to every
# benchmark JVM of both systems, JMH forks and W2 alike, e.g. '-Xms2g -Xmx2g'; recorded in the report; none by
# default), COMPARE_ERLANG=0 (leave Erlang/OTP out even when erl is installed).
#
# Erlang/OTP (Debian: apt-get install erlang-nox). When `command -v erl` finds it (and COMPARE_ERLANG is not 0), the
# sources in foundation-beam-benchmarks/src/main/erlang/ are compiled with erlc into foundation-beam-benchmarks/target/erlang/
# and every unit also runs on Erlang/OTP, in a fresh `erl -noshell +P 2097152` (+P: room for W2's 1 000 000 processes),
# right after the JMH invocation of the two JVM systems: order per unit and round is JVM pair, then Erlang. The Erlang
# runner times like JMH (same warm-up and measured iterations; see beam_compare.erl) and appends to $OUT/erlang.tsv.
# W1 also has an OTP-supervisor flavour on Erlang only, units w1-create-sup-N and w1-shutdown-sup-N. Erlang's W2 runs
# in a fresh VM per count and round, after the JVM W2 of that count and round, into $OUT/w2.tsv (system "erlang").
# Without erl the script says so and runs as before.
#
# How it runs. Every workload is a "unit" (one JMH benchmark method with one parameter set); a round runs every
# unit once, both systems back to back in one JMH invocation (one fork each), so the two figures of a row are
# measured minutes apart at most; odd rounds run Foundation BEAM first, even rounds Pekko first. W2 (heap per idle
# process, spawn time) is a plain program, run after round 1 in a fresh JVM for every system, count and round. No JVM flag is added
# anywhere (ergonomic defaults); the report records the flags JMH saw.
#
# Time budget of the full run on 2 cores (worked out from short calibration runs, then checked against the wall time
# the report prints):
#   per fork: warm-up 1 x 1 s + measurement 3 x 1 s = 4 s, plus about 4 s of JVM start, system start-up, set-up,
#     tear-down and iteration overrun                                                        =   8 s
#   per round: 16 units x 2 systems = 32 forks x 8 s = 256 s, plus 16 JMH launches x 1 s     =  16 s, plus W1 at
#     10 000 workers (one creation takes seconds on Foundation BEAM, so every iteration overruns) =  40 s
#                                                                                            = 312 s
#   2 rounds                                                                                 = 624 s
#   W2: one JVM per system, count and round, 2 rounds of 100 000 and of 1 000 000 each: Pekko about 8 s and
#     60 s per JVM (1M actors: 35 s to spawn on a busy machine, plus forced GCs of a 760 MB heap), Foundation BEAM
#     about 4 s and 10 s                                                                     ~ 165 s
#   build (mvn package)                                                                      ~  60 s
#   total without Erlang/OTP                                                                 ~ 850 s = 14.2 min
#   Erlang/OTP, per unit: erl start and set-up ~0.5 s + 4 s of iterations, plus overrun where one invocation is
#     long: 18 units at ~4.7 s, and W1 at 10 000 workers (4 units) and W4 (up to ~0.7 s per invocation on a busy
#     machine) at ~7 s (measured wall times of single units while another build ran)
#   per round: 23 units (the 16 above but the receive-loop ping-pong, whose Erlang peer is w3-ping-pong, + 8
#     OTP-supervisor W1 units): 18 x 4.7 s + 5 x 7 s                                         = 120 s
#   2 rounds                                                                                 = 240 s
#   W2: 2 rounds of 100 000 (~1 s per VM) and of 1 000 000 (~2.6 GB of processes, 5-17 s per VM) ~  35 s
#   total with Erlang/OTP                                                                    ~1125 s = 19 min
# The script warns if a full run exceeds 15 minutes (20 with Erlang/OTP).
# The smoke run: 1 round, W1 at 10 workers only, no warm-up, one 200 ms iteration, W2 with 20 000
# processes and one round: about 18 forks x 4 s + W2 ~ 1.5 minutes; with Erlang/OTP 11 units x ~1 s more, ~1.7 min.
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
  BUDGET="2 rounds x 32 forks x (1 s warm-up + 3 x 1 s measured + ~4 s overhead) + W1 overrun + W2 + build ~ 14.2 min"
  # Erlang/OTP: warm-up iterations, iteration time in ms, measured iterations (as JMH_TIMES).
  ERL_TIMES=(1 1000 3)
  ERL_BUDGET=" + Erlang/OTP 2 rounds x 23 units x ~5 s + W2 ~ 19 min"
else
  ROUNDS=${COMPARE_ROUNDS:-1}
  JMH_TIMES=(-f 1 -wi 0 -i 1 -r 200ms)
  W1_SIZES=(10)
  W2_COUNTS=(20000)
  W2_ROUNDS=1
  BUDGET="smoke: ~1.5 min"
  ERL_TIMES=(0 200 1)
  ERL_BUDGET=" + Erlang/OTP ~0.2 min"
fi

# The newest JDK 21+ unless JAVA is set.
JAVA=$(foundation-beam-benchmarks/find-java.sh)

# Erlang/OTP: run it when erl is on the PATH, unless COMPARE_ERLANG=0.
ERL_FLAGS_USED=(+P 2097152)
ERLANG=0
ERLANG_NOTE=
if [[ "${COMPARE_ERLANG:-1}" == 0 ]]; then
  ERLANG_NOTE="Erlang/OTP: skipped (COMPARE_ERLANG=0)"
elif ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
  ERLANG_NOTE="Erlang/OTP: erl not found, install Debian erlang-nox to include it"
else
  ERLANG=1
  BUDGET="$BUDGET$ERL_BUDGET"
fi
[[ -z "$ERLANG_NOTE" ]] || echo "$ERLANG_NOTE"

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
ERL_DIR=foundation-beam-benchmarks/target/erlang
if [[ "$ERLANG" == 1 ]]; then
  echo "== compiling the Erlang/OTP side into $ERL_DIR"
  mkdir -p "$ERL_DIR"
  erlc -Werror -o "$ERL_DIR" foundation-beam-benchmarks/src/main/erlang/*.erl
  BEAM_COMPARE_ERL_FLAGS="${ERL_FLAGS_USED[*]}" erl -noshell "${ERL_FLAGS_USED[@]}" -pa "$ERL_DIR" \
    -run beam_compare main facts "$OUT/erlang-facts.tsv" "${ERL_TIMES[@]}" \
    || { echo "the Erlang/OTP runner failed to start (erl $(command -v erl))" >&2; exit 1; }
fi
echo "== $MODE run, $ROUNDS round(s), results in $OUT, java $JAVA, budget: $BUDGET"

# Units: name|JMH benchmark (regular expression; empty: Erlang/OTP only)|parameters other than the system. Every
# unit also runs on Erlang/OTP (beam_compare.erl knows the same names).
UNITS=()
for n in "${W1_SIZES[@]}"; do UNITS+=("w1-create-$n|W1EcosystemBenchmark\.create\$|-p workers=$n"); done
for n in "${W1_SIZES[@]}"; do UNITS+=("w1-shutdown-$n|W1EcosystemBenchmark\.shutdown\$|-p workers=$n"); done
for n in "${W1_SIZES[@]}"; do UNITS+=("w1-create-sup-$n||"); done
for n in "${W1_SIZES[@]}"; do UNITS+=("w1-shutdown-sup-$n||"); done
UNITS+=("w3-one-to-one|W3OneToOneBenchmark\.plain\$|")
UNITS+=("w3-one-to-one-credit|W3OneToOneBenchmark\.credit\$|")
UNITS+=("w3-fan-in|W3FanInBenchmark\.integers\$|")
UNITS+=("w3-ping-pong|W3PingPongBenchmark\.handlers\$|")
UNITS+=("w3-ping-pong-receive|W3PingPongReceiveLoopBenchmark\.receiveLoops\$|")
UNITS+=("w4-complex|W4ComplexMessageBenchmark\.records\$|")
UNITS+=("w5-cross-ecosystem|W5CrossEcosystemBenchmark\.forwarded\$|")
UNITS+=("w6-submit|W6SubmitBenchmark\.submitted\$|")

# run_erlang ARGS...: one fresh Erlang VM running beam_compare:main(ARGS); output into $OUT/erlang.log.
run_erlang() {
  erl -noshell "${ERL_FLAGS_USED[@]}" -pa "$ERL_DIR" -run beam_compare main "$@" >>"$OUT/erlang.log" 2>&1 \
    || { echo "Erlang/OTP failed: $*; see $OUT/erlang.log" >&2; tail -20 "$OUT/erlang.log" >&2; exit 1; }
}

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
      if [[ "$ERLANG" == 1 ]]; then
        echo "== W2 erlang $count round $r"
        run_erlang w2 "$OUT/w2.tsv" "$r" "$count"
      fi
    done
  done
}

for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then order=beam,pekko; else order=pekko,beam; fi
  for unit in "${UNITS[@]}"; do
    IFS='|' read -r name regex params <<<"$unit"
    if [[ -n "${COMPARE_ONLY:-}" ]] && ! [[ "$name" =~ $COMPARE_ONLY ]]; then continue; fi
    if [[ -z "$regex" ]]; then
      if [[ "$ERLANG" == 1 ]]; then
        echo "== round $round/$ROUNDS: $name (erlang)"
        run_erlang unit "${ERL_TIMES[@]}" "$OUT/erlang.tsv" "$round" "$name"
      fi
      continue
    fi
    then_erlang=
    if [[ "$ERLANG" == 1 && "$name" != w3-ping-pong-receive ]]; then then_erlang=", then erlang"; fi
    echo "== round $round/$ROUNDS: $name ($order$then_erlang)"
    # shellcheck disable=SC2086
    jvm_args=()
    if [[ -n "${COMPARE_JVM_ARGS:-}" ]]; then jvm_args=(-jvmArgsAppend "$COMPARE_JVM_ARGS"); fi
    "$JAVA" -jar "$JAR" "io\.foundation\.beam\.benchmarks\.compare\.$regex" $params -p system=$order \
      "${JMH_TIMES[@]}" "${jvm_args[@]}" -foe true -rf json -rff "$OUT/jmh-r$round-$name.json" >>"$OUT/jmh-r$round.log" 2>&1 \
      || { echo "$name failed in round $round; see $OUT/jmh-r$round.log" >&2; tail -30 "$OUT/jmh-r$round.log" >&2; exit 1; }
    # Erlang's processes are receive loops: its w3-ping-pong figure is the peer of both ping-pong rows.
    if [[ "$ERLANG" == 1 && "$name" != w3-ping-pong-receive ]]; then
      run_erlang unit "${ERL_TIMES[@]}" "$OUT/erlang.tsv" "$round" "$name"
    fi
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
  --elapsed "$ELAPSED" --budget "$BUDGET" --rounds "$ROUNDS" --w2-opts "${COMPARE_JVM_ARGS:-}" \
  --erlang-note "${ERLANG_NOTE:-}" >"$OUT/report.log" 2>&1 \
  || { cat "$OUT/report.log" >&2; exit 1; }
cat "$OUT/report.log"
echo "== done in ${ELAPSED} s (budget: $BUDGET); raw results in $OUT"
LIMIT_MIN=$((ERLANG == 1 ? 20 : 15))
if [[ "$MODE" == full && "$ELAPSED" -gt $((LIMIT_MIN * 60)) ]]; then
  echo "WARNING: the run took more than $LIMIT_MIN minutes" >&2
fi
