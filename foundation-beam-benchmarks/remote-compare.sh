#!/usr/bin/env bash
# Cross-node comparison, Foundation BEAM's cluster against Apache Pekko's remoting (Artery over TCP), issue 20: one
# command that builds the benchmarks jar, runs 1->1 throughput and ping-pong between two JVMs on 127.0.0.1 on both
# systems, plain and with TLS (8 combinations per round), and writes the table into docs/benchmarks.md (between
# <!-- remote:begin --> and <!-- remote:end -->).
#
#   foundation-beam-benchmarks/remote-compare.sh            # full run, about 7 minutes (run it on a quiet machine)
#   foundation-beam-benchmarks/remote-compare.sh --smoke    # about 1.5 minutes; proves the pipeline, writes nothing in docs/
#
# Environment: JAVA (the java binary; default the newest JDK 21+ under /usr/lib/jvm), REMOTE_SKIP_BUILD=1 (use the
# jar as built), REMOTE_ROUNDS (override the number of rounds).
#
# How it runs. Every combination (system x workload x plain/TLS) is one run of RemoteBenchmark: a JVM that is node A,
# which starts node B as a child JVM (same java, same class path, no JVM flag on either), picks two free ports on
# 127.0.0.1, runs the workload, appends one line per measured iteration to results.tsv, and always kills node B. A
# round runs the 8 combinations, the two systems of a row back to back; odd rounds run Foundation BEAM first, even
# rounds Pekko first. The TLS key and trust stores (PKCS12, one self-signed EC P-256 key pair both nodes present,
# its certificate the only trusted one) are made here with keytool in a temporary directory, deleted at exit.
#
# Time budget of the full run on 2 cores (from calibration runs at a load average of 6 to 9, i.e. with other builds
# running; the report prints the wall time):
#   per combination: 2 JVM starts and the nodes' start-up (~3-7 s; Pekko's TLS association up to 5 s more),
#     warm-up 5 s, 4 x 1 s measured, close ~0.5 s                                          ~ 14-18 s
#   per round: 8 combinations                                                              ~ 130 s
#   3 rounds                                                                               ~ 390 s
#   build (mvn package, offline) ~ 30-60 s, keytool ~ 3 s                                  ~  50 s
#   total                                                                                  ~ 440 s = 7.3 min
# (less on a quiet machine). The smoke run: 1 round, 1 s warm-up, 2 iterations of 0.5 s: 8 x ~10 s ~ 80 s plus the
# build.
set -euo pipefail
cd "$(dirname "$0")/.."

source foundation-beam-benchmarks/multi-jvm-common.sh
parse_mode "$@"

if [[ "$MODE" == full ]]; then
  ROUNDS=${REMOTE_ROUNDS:-3}
  WARMUP_MS=5000
  ITERATIONS=4
  ITERATION_MS=1000
  BUDGET="3 rounds x 8 combinations x (5 s warm-up + 4 x 1 s measured + ~5-9 s start and close) + build ~ 7.3 min"
else
  ROUNDS=${REMOTE_ROUNDS:-1}
  WARMUP_MS=1000
  ITERATIONS=2
  ITERATION_MS=500
  BUDGET="smoke: ~80 s plus the build"
fi

JAVA=$(foundation-beam-benchmarks/find-java.sh)
KEYTOOL="$(dirname "$JAVA")/keytool"

START=$(date +%s)
STARTED_UTC=$(date -u '+%Y-%m-%d %H:%M')
LOAD_BEFORE=$(cat /proc/loadavg)
prepare_run remote "${REMOTE_SKIP_BUILD:-0}"

STORES=$(mktemp -d "${TMPDIR:-/tmp}/remote-bench-stores.XXXXXX")
trap 'rm -rf "$STORES"' EXIT
PASSWORD=remote-bench-store # RemoteBenchmark's TlsStores.PASSWORD: throw-away stores
echo "== making the TLS stores in $STORES"
"$KEYTOOL" -genkeypair -alias node -keyalg EC -groupname secp256r1 -dname CN=remote-bench -validity 2 \
  -storetype PKCS12 -keystore "$STORES/node.p12" -storepass "$PASSWORD" -keypass "$PASSWORD" >"$OUT/keytool.log" 2>&1
"$KEYTOOL" -exportcert -alias node -keystore "$STORES/node.p12" -storepass "$PASSWORD" -rfc \
  -file "$STORES/node.pem" >>"$OUT/keytool.log" 2>&1
"$KEYTOOL" -importcert -noprompt -alias node -file "$STORES/node.pem" -storetype PKCS12 \
  -keystore "$STORES/trust.p12" -storepass "$PASSWORD" >>"$OUT/keytool.log" 2>&1

echo "== $MODE run, $ROUNDS round(s), results in $OUT, java $JAVA, budget: $BUDGET"
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then systems=(beam pekko); else systems=(pekko beam); fi
  for workload in throughput pingpong; do
    for transport in plain tls; do
      for system in "${systems[@]}"; do
        echo "== round $round/$ROUNDS: $workload $transport $system"
        begin=$(date +%s)
        timeout -k 10 300 "$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.remote.RemoteBenchmark \
          system="$system" workload="$workload" transport="$transport" stores="$STORES" warmup="$WARMUP_MS" \
          iterations="$ITERATIONS" iteration="$ITERATION_MS" round="$round" out="$RESULTS" \
          >>"$OUT/run-r$round.log" 2>&1 \
          || { echo "$workload $transport $system failed in round $round; see $OUT/run-r$round.log" >&2
               tail -40 "$OUT/run-r$round.log" >&2; exit 1; }
        grep '^\[node A\] iteration' "$OUT/run-r$round.log" | tail -"$ITERATIONS" | sed 's/^/   /'
        echo "   ($(($(date +%s) - begin)) s)"
      done
    done
  done
done

ELAPSED=$(($(date +%s) - START))
LOAD_AFTER=$(cat /proc/loadavg)
report_doc
"$JAVA" -cp "$JAR" io.foundation.beam.benchmarks.remote.RemoteReport --results "$RESULTS" --doc "$DOC" \
  --date "$STARTED_UTC" --mode "$MODE" --commit "$COMMIT" --beam-version "$BEAM_VERSION" --elapsed "$ELAPSED" --budget "$BUDGET" \
  --rounds "$ROUNDS" --warmup-ms "$WARMUP_MS" --iterations "$ITERATIONS" --iteration-ms "$ITERATION_MS" \
  --load-before "$LOAD_BEFORE" --load-after "$LOAD_AFTER" >"$OUT/report.log" 2>&1 \
  || { cat "$OUT/report.log" >&2; exit 1; }
cat "$OUT/report.log"
echo "== done in ${ELAPSED} s (budget: $BUDGET); raw results in $OUT"
if [[ "$MODE" == full && "$ELAPSED" -gt 480 ]]; then
  echo "WARNING: the run took more than 8 minutes" >&2
fi
