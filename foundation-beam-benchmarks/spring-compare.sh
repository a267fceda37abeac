#!/usr/bin/env bash
# The Spring path (issue 24, item 7): an HTTP endpoint that submits its work to an ecosystem, returning the submit's
# future (GET /ecosystem) or waiting for it on the request's virtual thread (GET /ecosystem-join), against the same
# endpoint doing the work on the request thread (GET /direct), through Spring's @Async on a virtual-thread executor
# (GET /async) and on a plain fixed pool of virtual threads, the hand-off's floor (GET /pool-join); about 50 us of CPU
# per request (calibrated at startup, printed). One Spring Boot application (SpringPathApp,
# spring.threads.virtual.enabled=true, on 127.0.0.1), loaded by wrk on loopback. Prints a Markdown
# table of the medians over the rounds (req/s, p50, p99, and the app JVM's CPU time per request, read from
# /proc/<pid>/stat around each wrk run: less sensitive than req/s to what else the machine runs) with each endpoint's
# ratio to direct and its overhead per request, and each endpoint's ratio to direct within each round; writes nothing
# into docs/ (the table is copied there by hand).
#
# A full run starts a new app JVM for each round, so that the rounds are independent draws: the paths' costs move from
# round to round, within one JVM as much as between JVMs (on the 2-vCPU machine of docs/benchmarks.md,
# ecosystem-join/direct ranged from 0.66 to 0.95 over 20 JVMs of one build, and from 0.68 to 0.86 over 12 rounds in
# two JVMs). The ratio within a round compares the paths under one draw.
#
#   foundation-beam-benchmarks/spring-compare.sh            # full run, about 9 minutes plus the build (quiet machine)
#   foundation-beam-benchmarks/spring-compare.sh --smoke    # about 50 s plus the build; proves the pipeline
#
# Needs wrk (Debian: apt-get install wrk) and curl. Environment: JAVA (default the newest JDK 21+ under /usr/lib/jvm),
# SPRING_SKIP_BUILD=1 (use the jars as built), SPRING_ROUNDS, SPRING_DURATION (seconds per measurement),
# SPRING_CONNECTIONS (default 64), SPRING_WRK_THREADS (default 2), SPRING_APP_JAR (another build of the app, e.g. an
# earlier commit's jar for an A/B; then also set SPRING_ENDPOINTS if it lacks one), SPRING_ENDPOINTS (the endpoints
# to load, space-separated; default "direct async ecosystem ecosystem-join pool-join"), SPRING_JVM_OPTS (the app
# JVM's options; see APP_JVM_OPTS below), SPRING_JVM_PER_ROUND (1: a new app JVM, started and warmed up, for each
# round, the default of a full run; 0: one JVM for all rounds, the default of --smoke).
#
# How it runs: builds the benchmarks module offline (never install), starts the app's executable jar
# (target/foundation-beam-benchmarks-<version>-spring-path.jar) on a free loopback port, waits for it, records
# GET /where (the thread each path runs on), warms each endpoint up with wrk, then measures each endpoint once per
# round (a full run stops the app, and starts and warms up a new one, before each round), the order rotating between
# rounds (round 1: direct async ecosystem ecosystem-join pool-join; round 2: pool-join direct async ecosystem
# ecosystem-join; and so on), and always stops the app (trap). Raw wrk outputs, results.tsv and the apps' logs
# (app-round<N>.log) go to foundation-beam-benchmarks/target/spring/<UTC date>-<mode>/.
#
# Time budget of the full run: per round, start ~5 s, warm-up 5 x 10 s, 5 endpoints x 20 s; 3 rounds: ~ 8 min + build.
set -euo pipefail
cd "$(dirname "$0")/.."

source foundation-beam-benchmarks/multi-jvm-common.sh
parse_mode "$@"

CONNECTIONS=${SPRING_CONNECTIONS:-64}
WRK_THREADS=${SPRING_WRK_THREADS:-2}
if [[ "$MODE" == full ]]; then
  ROUNDS=${SPRING_ROUNDS:-3}
  JVM_PER_ROUND=${SPRING_JVM_PER_ROUND:-1}
  DURATION=${SPRING_DURATION:-20}
  WARMUP=10
else
  ROUNDS=${SPRING_ROUNDS:-1}
  JVM_PER_ROUND=${SPRING_JVM_PER_ROUND:-0}
  DURATION=${SPRING_DURATION:-4}
  WARMUP=2
fi

command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 1; }

JAVA=$(foundation-beam-benchmarks/find-java.sh)
prepare_run spring "${SPRING_SKIP_BUILD:-0}"
APP_JAR=${SPRING_APP_JAR:-foundation-beam-benchmarks/target/foundation-beam-benchmarks-$BEAM_VERSION-spring-path.jar}
[[ -f "$APP_JAR" ]] || { echo "missing $APP_JAR (build the module: mvn -B -ntp -o -q package -pl foundation-beam-benchmarks -am -DskipTests)" >&2; exit 1; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
APP_PID=
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=
}
trap stop_app EXIT

echo "== mode $MODE, commit $COMMIT, $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# The work is compiled on its own (not inlined into its caller), so that every path runs the same machine code for it:
# inlined, the JIT compiled it into each path's handler invocation differently from JVM to JVM (perf put the same
# 50 us of work at 51-64 us per request depending on the path and the JVM), which is noise in a comparison of the
# paths. SPRING_JVM_OPTS replaces these options (set it to " " for none).
read -r -a APP_JVM_OPTS <<<"${SPRING_JVM_OPTS:--XX:CompileCommand=quiet -XX:CompileCommand=dontinline,io.foundation.beam.benchmarks.spring.CpuWork::hash}"
# start_app LOG: starts the app's JVM and waits for GET /where (written to $OUT/where.txt).
start_app() {
  echo "== starting the app on $BASE ($JAVA ${APP_JVM_OPTS[*]})"
  "$JAVA" "${APP_JVM_OPTS[@]}" -jar "$APP_JAR" --server.port="$PORT" >"$1" 2>&1 &
  APP_PID=$!
  rm -f "$OUT/where.txt"
  for _ in $(seq 1 120); do
    if curl -fs "$BASE/where" >"$OUT/where.txt" 2>/dev/null; then break; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app exited; its log:" >&2; tail -40 "$1" >&2; exit 1; }
    sleep 0.5
  done
  [[ -s "$OUT/where.txt" ]] || { echo "the app did not answer within 60 s" >&2; exit 1; }
  grep 'spring-path calibration' "$1" || true
  sed 's/^/   /' "$OUT/where.txt"
}

# to_ms VALUE: wrk's latency (e.g. 812.00us, 2.10ms, 1.02s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# app_cpu_ticks: the app JVM's CPU time so far (user + system, all its threads), in clock ticks (/proc/PID/stat).
CLK_TCK=$(getconf CLK_TCK)
app_cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$APP_PID/stat"
}

# measure ENDPOINT SECONDS FILE: one wrk run.
measure() {
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$2"s --latency "$BASE/$1" >"$3"
}

read -r -a ENDPOINTS <<<"${SPRING_ENDPOINTS:-direct async ecosystem ecosystem-join pool-join}"
echo "== app jar $APP_JAR; endpoints ${ENDPOINTS[*]}; a new app JVM per round: $JVM_PER_ROUND"
# warm_up: each endpoint loaded for WARMUP seconds, not measured.
warm_up() {
  for e in "${ENDPOINTS[@]}"; do
    echo "== warm-up $e (${WARMUP} s)"
    measure "$e" "$WARMUP" "$OUT/warmup-$e.txt"
  done
}

printf 'round\tendpoint\treq_per_s\tp50_ms\tp99_ms\trequests\terrors\tapp_cpu_us_per_req\n' >>"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  if [[ -z "$APP_PID" || "$JVM_PER_ROUND" == 1 ]]; then
    stop_app
    start_app "$OUT/app-round$round.log"
    warm_up
  fi
  shift_by=$(( (round - 1) % ${#ENDPOINTS[@]} ))
  for e in "${ENDPOINTS[@]:$(( ${#ENDPOINTS[@]} - shift_by ))}" "${ENDPOINTS[@]:0:$(( ${#ENDPOINTS[@]} - shift_by ))}"; do
    f="$OUT/round$round-$e.txt"
    cpu_before=$(app_cpu_ticks)
    measure "$e" "$DURATION" "$f"
    cpu_after=$(app_cpu_ticks)
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
    requests=$(awk '/requests in/ {print $1}' "$f")
    errors=$(awk '/Socket errors|Non-2xx/ {sub(/^ +/, ""); printf "%s; ", $0}' "$f")
    cpu=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$e" "$rps" "$p50" "$p99" "$requests" "${errors:-none}" "$cpu" >>"$RESULTS"
    printf '   round %s %-14s %10s req/s  p50 %8s ms  p99 %8s ms  app CPU %7s us/req  errors: %s\n' "$round" "$e" "$rps" "$p50" "$p99" "$cpu" "${errors:-none}"
  done
done

stop_app
echo "== table (medians over $ROUNDS round(s); $MODE mode)"
python3 - "$RESULTS" "$MODE" "$ROUNDS" "$DURATION" "$CONNECTIONS" "$WRK_THREADS" "$JVM_PER_ROUND" <<'PY' | tee "$OUT/table.md"
import csv, statistics, sys
path, mode, rounds, duration, conns, threads, jvm_per_round = sys.argv[1:]
rows = list(csv.DictReader(open(path), delimiter="\t"))
med = {}
print(f"| endpoint | req/s (median; min-max) | p50 ms (median) | p99 ms (median; min-max) | app CPU-us per request (median) |")
print("|---|---:|---:|---:|---:|")
for e in dict.fromkeys(r["endpoint"] for r in rows):
    rs = [r for r in rows if r["endpoint"] == e]
    rps = [float(r["req_per_s"]) for r in rs]
    p50 = [float(r["p50_ms"]) for r in rs]
    p99 = [float(r["p99_ms"]) for r in rs]
    med[e] = statistics.median(rps)
    print(f"| `GET /{e}` | {statistics.median(rps):,.0f} ({min(rps):,.0f}-{max(rps):,.0f}) | "
          f"{statistics.median(p50):.2f} | {statistics.median(p99):.2f} ({min(p99):.2f}-{max(p99):.2f}) | "
          f"{statistics.median(float(r['app_cpu_us_per_req']) for r in rs):.1f} |")
print()
if "direct" in med:
    d = med["direct"]
    others = [e for e in med if e != "direct"]
    print("; ".join(f"{e}/direct = {med[e] / d:.3f} ({(med[e] / d - 1) * 100:+.1f} %)" for e in others))
    print("overhead per request against direct, 1/r - 1/r_direct, in us of the machine's wall time (times the cores "
          "in CPU-us when all are busy): "
          + ", ".join(f"{e} {(1 / med[e] - 1 / d) * 1e6:.1f}" for e in others))
    by_round = {}
    for r in rows:
        by_round.setdefault(r["round"], {})[r["endpoint"]] = float(r["req_per_s"])
    per_round = {e: [rr[e] / rr["direct"] for rr in by_round.values() if e in rr and "direct" in rr] for e in others}
    print("ratio to direct within each round (" + ("each round in its own app JVM" if jvm_per_round == "1" else
          "one app JVM") + "): " + "; ".join(f"{e} " + ", ".join(f"{x:.3f}" for x in xs)
          + f" (median {statistics.median(xs):.3f})" for e, xs in per_round.items() if xs))
print(f"({mode} mode: {rounds} round(s) of wrk -t{threads} -c{conns} -d{duration}s --latency per endpoint"
      + (", a new app JVM for each round)" if jvm_per_round == "1" else ", one app JVM)"))
PY
echo "== raw results in $OUT"
