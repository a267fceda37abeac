#!/usr/bin/env bash
# A/B run: the runtime's figures at two commits, measured in one session on one machine, so that a change (issue
# 17's refactoring of the core's internal packages, or any other) can be shown not to cost performance. Builds the
# benchmarks jar of each side, runs the same JMH selection on both, interleaved, and prints a Markdown table
# (AbReport) of medians, after/before ratios and the noise measured between rounds.
#
#   foundation-beam-benchmarks/ab.sh <before-commit> [<after-commit>|HEAD-worktree]           # about 27 min, 2 cores
#   foundation-beam-benchmarks/ab.sh --smoke <before-commit> [<after-commit>|HEAD-worktree]   # a few minutes
#
# The after side defaults to HEAD-worktree: this work tree as it is (uncommitted changes included; its label then
# ends in -dirty). A commit is anything git rev-parse takes (hash, branch, tag). Run the full mode on a quiet machine
# (nothing else building or testing; the figures in docs/benchmarks.md were taken at nice -15).
#
# What runs. The five workloads of issue 17's acceptance, as JMH benchmarks (one JMH invocation per side and round):
#   MessageCostBenchmark.send          all 12 parameter sets (shape integer/record/list x path plain/flow/adaptive/
#                                      isolated), as docs/benchmarks.md reports them; messages/s
#   OneToOneThroughputBenchmark        1 000 000 Integers, one process to another; messages/s
#   FanInThroughputBenchmark           1000 producers -> 1 consumer; messages/s
#   PingPongBenchmark                  both styles, handlers and receiveLoops; round trips/s
#   compare.W1EcosystemBenchmark       create and shutdown, pinned to workers=1000 and system=beam (the Pekko side of
#                                      W1 does not depend on our code); ms per operation
# Interleaving: round r runs before then after when r is odd, after then before when r is even (A B B A A B ...), so
# that a drift of the machine over the session weighs on both sides alike.
#
# Why 3 forks of short iterations: on this kind of machine the figures differ more between forks (JVMs) than between
# iterations of one fork (docs/benchmarks.md, "Spread"), so forks are worth more than long iterations.
#
# Time budget of the full run on 2 cores (from calibration runs: a JMH fork costs its iterations plus about 0.8 s of
# JVM start, set-up, tear-down and iteration overrun):
#   per fork: warm-up 1 x 1 s + measurement 3 x 1 s + ~0.8 s overhead                       = 4.8 s
#   per JMH invocation: 18 benchmark/parameter sets x 3 forks = 54 forks x 4.8 s              = 260 s
#   3 rounds x 2 sides = 6 invocations x 260 s                                                = 1560 s
#   two builds (mvn package, about 40 s each) and the report                                  ~   90 s
#   total                                                                                     ~ 1650 s = 27.5 min
# A fork that stalls (a benchmark round that never finishes) costs a minute more: the benchmarks give up after one.
# The smoke run: 2 rounds, 1 fork, no warm-up, one 200 ms iteration: 4 invocations x 18 forks x ~1.1 s ~ 80 s, plus
# the builds. It proves the pipeline; its figures are not measurements. (On a machine busy with other builds, load 8
# to 15 on 2 cores, a fork cost about 2 s instead of 1.1 and a build about 2 minutes: two smoke runs took 6.5 and
# 8.5 minutes, of which 2 and 4 minutes were stalled forks.)
#
# Output, under foundation-beam-benchmarks/target/ab/: before.jar and after.jar (the two sides' benchmarks jars), and
# a directory <UTC time>-<mode>/ with before-r<round>.json and after-r<round>.json (JMH -rf json), the JMH logs
# (*.log), failures.txt (failed forks, if any), sides.txt and report.md (the table, also printed).
#
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm; the report is compiled with the
# javac next to it), AB_ROUNDS (number of rounds; default 3, smoke 2), AB_SKIP_BUILD=1 (reuse target/ab/before.jar
# and after.jar as they are), AB_JVM_ARGS (flags added to every benchmark JVM of both sides, e.g. '-Xms2g -Xmx2g';
# none by default), AB_JMH_ARGS (further JMH options for both sides, e.g. '-p shape=integer' to run one message
# shape of MessageCost only), AB_SELECTION (a JMH regular expression replacing the selection above, e.g. issue 24's
# '^io\.foundation\.beam\.benchmarks\.(OneToOneThroughputBenchmark\.integers|PingPongBenchmark\..*|compare\.W6SubmitBenchmark\.submitted)$';
# both sides must have every benchmark it selects, and the time budget above then scales with its size).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  echo "usage: $0 [--smoke] <before-commit> [<after-commit>|HEAD-worktree]" >&2
  exit 2
}

MODE=full
ARGS=()
for a in "$@"; do
  case "$a" in
    --smoke) MODE=smoke ;;
    -h|--help) usage ;;
    -*) echo "unknown option $a" >&2; usage ;;
    *) ARGS+=("$a") ;;
  esac
done
((${#ARGS[@]} >= 1 && ${#ARGS[@]} <= 2)) || usage
BEFORE_REF=${ARGS[0]}
AFTER_REF=${ARGS[1]:-HEAD-worktree}

if [[ "$MODE" == full ]]; then
  ROUNDS=${AB_ROUNDS:-3}
  JMH_TIMES=(-f 3 -wi 1 -w 1s -i 3 -r 1s)
  BUDGET="3 rounds x 2 sides x 54 forks x (1 s warm-up + 3 x 1 s measured + ~0.8 s) + builds ~ 27.5 min"
else
  ROUNDS=${AB_ROUNDS:-2}
  JMH_TIMES=(-f 1 -wi 0 -i 1 -r 200ms)
  BUDGET="smoke: 2 rounds x 2 sides x 18 forks x ~1.1 s ~ 1.5 min plus the builds"
fi

# The selection: the five workloads (see the header), W1 at 1000 workers on Foundation BEAM only.
SELECTION=${AB_SELECTION:-'^io\.foundation\.beam\.benchmarks\.(MessageCostBenchmark\.send|OneToOneThroughputBenchmark\.integers|FanInThroughputBenchmark\.integers|PingPongBenchmark\.(handlers|receiveLoops)|compare\.W1EcosystemBenchmark\.(create|shutdown))$'}
PARAMS=(-p workers=1000 -p system=beam)

JAVA=$(foundation-beam-benchmarks/find-java.sh)
JAVAC=$(dirname "$JAVA")/javac
[[ -x "$JAVAC" ]] || { echo "no javac next to $JAVA (the report is compiled with it); set JAVA to a JDK" >&2; exit 1; }

AB=foundation-beam-benchmarks/target/ab
mkdir -p "$AB"
START=$(date +%s)

# A side's label: the short hash, or for the work tree the short hash of HEAD plus -dirty if a tracked file differs.
resolve() {
  if [[ "$1" == HEAD-worktree ]]; then
    local label
    label=$(git rev-parse --short HEAD)
    if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then label="$label-dirty"; fi
    echo "$label"
  else
    git rev-parse --short "$1^{commit}" 2>/dev/null || { echo "not a commit: $1" >&2; return 1; }
  fi
}
BEFORE=$(resolve "$BEFORE_REF")
AFTER=$(resolve "$AFTER_REF")

TMP=
cleanup() {
  if [[ -n "$TMP" ]]; then
    git worktree remove --force "$TMP/src" \
      || echo "could not remove the worktree $TMP/src; remove it with: git worktree remove --force $TMP/src" >&2
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

# build <ref> <dest-jar>: the benchmarks jar of a commit (built in a temporary worktree) or of this work tree.
build() {
  local ref=$1 dest=$2
  if [[ "$ref" == HEAD-worktree ]]; then
    echo "== building the work tree ($AFTER) -> $dest"
    mvn -B -ntp -q -DskipTests package -pl foundation-beam-benchmarks -am
    cp foundation-beam-benchmarks/target/benchmarks.jar "$dest"
  else
    TMP=$(mktemp -d /tmp/foundation-beam-ab.XXXXXX)
    echo "== building $ref in a temporary worktree $TMP/src -> $dest"
    git worktree add --quiet --detach "$TMP/src" "$ref"
    (cd "$TMP/src" && mvn -B -ntp -q -DskipTests package -pl foundation-beam-benchmarks -am)
    cp "$TMP/src/foundation-beam-benchmarks/target/benchmarks.jar" "$dest"
    cleanup
    TMP=
  fi
}

if [[ "${AB_SKIP_BUILD:-0}" == 1 ]]; then
  [[ -f "$AB/before.jar" && -f "$AB/after.jar" ]] \
    || { echo "AB_SKIP_BUILD=1 but $AB/before.jar or after.jar is missing" >&2; exit 1; }
  echo "== AB_SKIP_BUILD=1: using $AB/before.jar and $AB/after.jar as built (labels $BEFORE, $AFTER are not checked)"
else
  build "$BEFORE_REF" "$AB/before.jar"
  if [[ "$AFTER_REF" != HEAD-worktree && "$AFTER" == "$BEFORE" ]]; then
    echo "== after is the same commit as before: copying the jar (an A/A run)"
    cp "$AB/before.jar" "$AB/after.jar"
  else
    build "$AFTER_REF" "$AB/after.jar"
  fi
fi

OUT=$AB/$(date -u +%Y%m%d-%H%M%S)-$MODE
mkdir -p "$OUT"
: >"$OUT/failures.txt"
{
  echo "before	$BEFORE	$BEFORE_REF"
  echo "after	$AFTER	$AFTER_REF"
} >"$OUT/sides.txt"
echo "== $MODE run, $ROUNDS round(s), before $BEFORE, after $AFTER, results in $OUT, java $JAVA, budget: $BUDGET"

jvm_args=()
if [[ -n "${AB_JVM_ARGS:-}" ]]; then jvm_args=(-jvmArgsAppend "$AB_JVM_ARGS"); fi
# shellcheck disable=SC2206
extra=(${AB_JMH_ARGS:-})

# One side, one round: one JMH invocation. A failing fork (an exception, or a round that never finishes: the benchmarks
# give up after a minute) does not stop the run (-foe false): it is listed in failures.txt (side, round, benchmark,
# parameters), the report marks its row, and the script exits with status 3 at the end.
run_side() {
  local side=$1 round=$2 log="$OUT/$1-r$2.log"
  echo "== round $round/$ROUNDS: $side ($(date -u +%H:%M:%S) UTC)"
  "$JAVA" -jar "$AB/$side.jar" "$SELECTION" "${PARAMS[@]}" "${JMH_TIMES[@]}" "${jvm_args[@]}" "${extra[@]}" \
    -foe false -rf json -rff "$OUT/$side-r$round.json" >"$log" 2>&1 || true
  [[ -s "$OUT/$side-r$round.json" ]] \
    || { echo "$side wrote no results in round $round; see $log" >&2; tail -30 "$log" >&2; exit 1; }
  awk -v side="$side" -v round="$round" '
    /^# Benchmark: / { b = $3; p = "" }
    /^# Parameters: / { p = substr($0, 15); gsub(/[() ]/, "", p) }
    /<failure>/ { printf "%s\t%s\t%s\t%s\n", side, round, b, p }' "$log" >>"$OUT/failures.txt"
  if grep -q "^$side	$round	" "$OUT/failures.txt"; then
    echo "   FAILED (see $log):" >&2
    grep "^$side	$round	" "$OUT/failures.txt" | sed 's/^/     /' >&2
  fi
}

for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then order=(before after); else order=(after before); fi
  for side in "${order[@]}"; do run_side "$side" "$round"; done
done
ELAPSED=$(($(date +%s) - START))

# The report is compiled from this work tree's sources (it needs no library), so it is the same whatever the sides.
SRC=foundation-beam-benchmarks/src/main/java/io/foundation/beam/benchmarks/compare
rm -rf "$AB/report-classes"
"$JAVAC" -nowarn -d "$AB/report-classes" "$SRC/AbReport.java" "$SRC/Json.java" "$SRC/ReportFacts.java"
"$JAVA" -cp "$AB/report-classes" io.foundation.beam.benchmarks.compare.AbReport --results "$OUT" --mode "$MODE" \
  --before "$BEFORE" --after "$AFTER" --rounds "$ROUNDS" --elapsed "$ELAPSED" --budget "$BUDGET" \
  --jvm-args "${AB_JVM_ARGS:-}" --jmh-args "${AB_JMH_ARGS:-}" --failures "$OUT/failures.txt" >"$OUT/report.md" \
  || { echo "the report failed" >&2; exit 1; }
cat "$OUT/report.md"
echo "== done in ${ELAPSED} s (budget: $BUDGET); raw results in $ROOT/$OUT"
if [[ "$MODE" == full && "$ELAPSED" -gt 2400 ]]; then
  echo "WARNING: the run took more than 40 minutes" >&2
fi
if [[ -s "$OUT/failures.txt" ]]; then
  echo "FAILED: $(wc -l <"$OUT/failures.txt") fork(s) failed; see $OUT/failures.txt and the logs" >&2
  exit 3
fi
