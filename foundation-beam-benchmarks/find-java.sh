#!/usr/bin/env bash
# Prints the java binary the benchmark scripts use: $JAVA if set, else the newest JDK 21+ under /usr/lib/jvm.
set -euo pipefail
if [[ -n "${JAVA:-}" ]]; then
  echo "$JAVA"
  exit 0
fi
best=0
found=
for home in /usr/lib/jvm/*/; do
  [[ -x "$home/bin/java" && -f "$home/release" ]] || continue
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  if [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best" ]]; then
    best=$v
    found="$home/bin/java"
  fi
done
[[ -n "$found" ]] || { echo "no JDK 21+ found under /usr/lib/jvm; set JAVA" >&2; exit 1; }
echo "$found"
