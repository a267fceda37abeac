# Shared by compare.sh (parse_mode only), remote-compare.sh and distributed-compare.sh (sourced, not run; from the repository's root):
# the [--smoke] argument, the build, and the facts and output directory of a run.

# parse_mode "$@": sets MODE to full, or smoke with --smoke; exits 2 on anything else.
parse_mode() {
  MODE=full
  if [[ "${1:-}" == "--smoke" ]]; then
    MODE=smoke
  elif [[ -n "${1:-}" ]]; then
    echo "usage: $0 [--smoke]" >&2
    exit 2
  fi
}

# prepare_run NAME SKIP_BUILD: builds the benchmarks jar offline (never install) unless SKIP_BUILD is 1, then sets
# JAR, COMMIT (with -dirty for uncommitted changes to tracked files), BEAM_VERSION, OUT (a new directory
# foundation-beam-benchmarks/target/NAME/<UTC date>-<MODE>) and RESULTS (an empty results.tsv in it).
prepare_run() {
  if [[ "$2" != 1 ]]; then
    echo "== building the benchmarks jar"
    mvn -B -ntp -o -q package -pl foundation-beam-benchmarks -am -DskipTests
  fi
  JAR=foundation-beam-benchmarks/target/benchmarks.jar
  COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    COMMIT="$COMMIT-dirty"
  fi
  BEAM_VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
  OUT=foundation-beam-benchmarks/target/$1/$(date -u +%Y%m%d-%H%M%S)-$MODE
  mkdir -p "$OUT"
  RESULTS="$OUT/results.tsv"
  : >"$RESULTS"
}

# report_doc: sets DOC, the page the report writes into: docs/benchmarks.md in a full run; in a smoke run, which never
# writes into docs/, a copy of it next to the raw results ($OUT/benchmarks.md).
report_doc() {
  if [[ "$MODE" == full ]]; then
    DOC=docs/benchmarks.md
  else
    DOC=$OUT/benchmarks.md
    cp docs/benchmarks.md "$DOC"
  fi
}
