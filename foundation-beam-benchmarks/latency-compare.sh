#!/usr/bin/env bash
# Tail latency under load, Foundation BEAM against Apache Pekko typed (issue 24, item 4): request-reply through a
# process and work submission through an ecosystem, open loop at 50 % and 90 % of each system's own maximum rate,
# latency from each request's intended send time (no coordinated omission), HdrHistogram percentiles and the GC
# pauses of each 60 s window, both systems in one run. Writes the table into docs/benchmarks.md between
# <!-- latency:begin --> and <!-- latency:end --> (full mode only).
#
#   foundation-beam-benchmarks/latency-compare.sh            # full run, about 11.5 minutes (run it on a quiet machine)
#   foundation-beam-benchmarks/latency-compare.sh --smoke    # about 1 minute plus the build; proves the pipeline, writes
#                                                            # the report into a copy of the page in the output dir
#
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm), COMPARE_SKIP_BUILD=1 (use the
# jar as built), LATENCY_JVM_ARGS (flags added to every measuring JVM of both systems, e.g. '-Xms2g -Xmx2g' or
# '-XX:+UseZGC'; recorded in the report; none by default).
#
# How it runs. Every (workload, system) runs in a fresh JVM (LatencyRun), so the systems never share a heap or a JIT
# profile: request-reply with Foundation BEAM first, then submit with Pekko first (the order alternates between
# workloads). Each JVM first finds its system's maximum rate (closed loop, 64 requests outstanding, warm-up then a
# measured interval), then runs the open loop at 50 % and then 90 % of that rate, each with a warm-up at the rate
# before the measured window. Raw results (results.tsv, one .hgrm and one .hlog histogram per row, each JVM's log)
# go to foundation-beam-benchmarks/target/latency/<UTC date>-<mode>/; LatencyReport then writes the table.
#
# Time budget of the full run (2 cores):
#   per JVM: start, system start-up and the work's timing ~3 s; maximum rate 5 s warm-up + 5 s = 10 s;
#     50 %: 10 s warm-up + 60 s window = 70 s; 90 %: 70 s; draining and shutdown ~2 s           ~ 155 s
#   2 workloads x 2 systems = 4 JVMs                                                            ~ 620 s
#   build (mvn package, offline) ~60 s, report ~2 s                                             ~  62 s
#   total                                                                                       ~ 682 s = 11.4 min
# plus, if a system cannot sustain 90 % of its closed-loop maximum in open loop, the time it takes to work through
# its backlog after the window (every reply is waited for; see OpenLoop).
# The smoke run: per JVM ~3 s + (1 + 1) s + 2 x (1 + 2) s + ~1 s = 12 s, x 4 = ~50 s, plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."

source foundation-beam-benchmarks/multi-jvm-common.sh
parse_mode "$@"

if [[ "$MODE" == full ]]; then
  BUDGET="4 JVMs x (3 s start + 10 s maximum rate + 2 x (10 s warm-up + 60 s window) + 2 s) + build ~ 11.4 min"
else
  BUDGET="smoke: 4 JVMs x ~12 s ~ 1 min, plus the build"
fi

JAVA=$(foundation-beam-benchmarks/find-java.sh)
START=$(date +%s)
prepare_run latency "${COMPARE_SKIP_BUILD:-0}"
echo "== $MODE run, results in $OUT, java $JAVA, load average $(cut -d' ' -f1-3 /proc/loadavg), budget: $BUDGET"

# Units: workload|systems in the order they run.
UNITS=("request-reply|beam pekko" "submit|pekko beam")
for unit in "${UNITS[@]}"; do
  IFS='|' read -r workload systems <<<"$unit"
  for system in $systems; do
    log="$OUT/$workload-$system.log"
    echo "== $workload, $system"
    # shellcheck disable=SC2086
    if ! "$JAVA" ${LATENCY_JVM_ARGS:-} -cp "$JAR" io.foundation.beam.benchmarks.latency.LatencyRun \
        "$system" "$workload" "$OUT" "$MODE" >"$log" 2>&1; then
      echo "$workload on $system failed; see $log" >&2
      tail -30 "$log" >&2
      exit 1
    fi
    grep -E '^(==|   )' "$log" | sed 's/^/   /' || true
  done
done

ELAPSED=$(($(date +%s) - START))
report_doc
"$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.latency.LatencyReport --results "$OUT" --doc "$DOC" \
  --mode "$MODE" --commit "$COMMIT" --beam-version "$BEAM_VERSION" --elapsed "$ELAPSED" --budget "$BUDGET" \
  --jvm-args "${LATENCY_JVM_ARGS:-}" >"$OUT/report.log" 2>&1 \
  || { cat "$OUT/report.log" >&2; exit 1; }
cat "$OUT/report.log"
echo "== done in ${ELAPSED} s (budget: $BUDGET); raw results in $OUT"
if [[ "$MODE" == full && "$ELAPSED" -gt 900 ]]; then
  echo "WARNING: the run took more than 15 minutes" >&2
fi
